//! render (to be built)
