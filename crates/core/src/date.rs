//! Calendar dates as authors write them (`YYYY-MM-DD`) and as readers of the site's
//! language read them: Latvian `28.11.2026.`, English `28 November 2026`. Every date field
//! (`updated`, a service's `available_from`) is checked and shown through here.

use crate::config::Language;

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Year, month and day of a real calendar date written `YYYY-MM-DD`.
pub fn parse(s: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return None;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

pub fn is_valid(s: &str) -> bool {
    parse(s).is_some()
}

/// The date as the site's readers write it; a text that is not a date is shown as written.
pub fn shown(s: &str, language: Language) -> String {
    let Some((y, m, d)) = parse(s) else {
        return s.to_string();
    };
    match language {
        Language::Lv => format!("{d:02}.{m:02}.{y}."),
        Language::En => format!("{d} {} {y}", ENGLISH_MONTHS[m as usize - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_calendar_dates_are_dates() {
        assert!(is_valid("2024-02-29"));
        assert!(!is_valid("2023-02-29"));
        assert!(!is_valid("2023-13-45"));
        assert!(!is_valid("2023-00-10"));
        assert!(!is_valid("26.11.2026"));
        assert!(!is_valid("2023-+7-01"));
        assert!(!is_valid("2023-07-1"));
    }

    #[test]
    fn dates_are_shown_as_the_site_language_writes_them() {
        assert_eq!(shown("2026-11-28", Language::Lv), "28.11.2026.");
        assert_eq!(shown("2023-07-01", Language::Lv), "01.07.2023.");
        assert_eq!(shown("2026-11-28", Language::En), "28 November 2026");
        assert_eq!(shown("2023-07-01", Language::En), "1 July 2023");
        assert_eq!(shown("soon", Language::En), "soon");
    }
}
