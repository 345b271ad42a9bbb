//! rules (to be built)
