//! scan (to be built)
