//! report (to be built)
