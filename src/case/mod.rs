//! Case folders: finding them ([`discover`]), reading their `case.toml` ([`load`]) and resolving
//! the paths written in it ([`paths`]).

pub mod discover;
pub mod load;
pub mod paths;

pub use load::{Case, Document, Legalisation, Loaded, Person, Translator, Waiver};
