//! form (to be built)
