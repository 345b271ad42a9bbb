//! html (in progress)
use std::io;

use super::{Report, WriteError};

pub(super) fn write_gap_report(_w: &mut dyn io::Write, _r: &Report) -> Result<(), WriteError> {
    Ok(())
}
