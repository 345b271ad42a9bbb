//! case (to be built)
