//! Calendar dates as the case files and form data write them (TOML local dates).

pub use jiff::civil::Date;

/// Today's date in the local time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Converts a TOML datetime that holds only a date into a [`Date`].
pub fn from_toml(dt: &toml::value::Datetime) -> Option<Date> {
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
}

/// Age in whole years on `on` of someone born on `born`.
pub fn age_on(born: Date, on: Date) -> i32 {
    let mut age = i32::from(on.year()) - i32::from(born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}
