//! Virtual time. The engine never reads a clock: every entry point takes the
//! current [`Instant`] (or advances to one), so runs are reproducible.

use core::fmt;
use core::ops::{Add, AddAssign, Sub};

/// A point in virtual time, in microseconds since the lab started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(u64);

/// A span of virtual time, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(u64);

impl Instant {
    pub const ZERO: Instant = Instant(0);

    pub const fn from_micros(us: u64) -> Self {
        Instant(us)
    }
    pub const fn from_millis(ms: u64) -> Self {
        Instant(ms * 1_000)
    }
    pub const fn from_secs(s: u64) -> Self {
        Instant(s * 1_000_000)
    }
    pub const fn total_micros(self) -> u64 {
        self.0
    }
    pub const fn total_millis(self) -> u64 {
        self.0 / 1_000
    }
    pub const fn secs(self) -> u64 {
        self.0 / 1_000_000
    }
    /// Time elapsed since `earlier`, or zero if `earlier` is later.
    pub fn saturating_since(self, earlier: Instant) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }

    /// The ASA's wall clock for this instant: the lab starts at midnight UTC
    /// on 1 January 2026. Formats like the ASA: `00:01:23 UTC Jan 1 2026`.
    pub fn asa_clock(self) -> String {
        let total = self.secs();
        let days = total / 86_400;
        let rem = total % 86_400;
        let (h, m, s) = (rem / 3600, (rem / 60) % 60, rem % 60);
        let (month, day) = month_day_2026(days);
        format!("{h:02}:{m:02}:{s:02} UTC {month} {day} 2026")
    }
}

impl Instant {
    /// `show clock`: `00:01:23.456 UTC Thu Jan 1 2026` (1 January 2026
    /// is a Thursday).
    pub fn asa_clock_long(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        let total = self.secs();
        let days = total / 86_400;
        let rem = total % 86_400;
        let (h, m, s) = (rem / 3600, (rem / 60) % 60, rem % 60);
        let ms = self.total_millis() % 1000;
        let (month, day) = month_day_2026(days);
        let wd = DAYS[((days % 365) % 7) as usize];
        format!("{h:02}:{m:02}:{s:02}.{ms:03} UTC {wd} {month} {day} 2026")
    }
}

impl Instant {
    /// A file's date in `dir`: `00:00:00 Jan 01 2026`.
    pub fn dir_stamp(self) -> String {
        let total = self.secs();
        let rem = total % 86_400;
        let (month, day) = month_day_2026(total / 86_400);
        format!(
            "{:02}:{:02}:{:02} {month} {day:02} 2026",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        )
    }

    /// A syslog timestamp (`logging timestamp`): `Jan 01 2026 00:01:23`.
    pub fn syslog_stamp(self) -> String {
        let total = self.secs();
        let rem = total % 86_400;
        let (month, day) = month_day_2026(total / 86_400);
        format!(
            "{month} {day:02} 2026 {:02}:{:02}:{:02}",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        )
    }
}

fn month_day_2026(days: u64) -> (&'static str, u64) {
    const MONTHS: [(&str, u64); 12] = [
        ("Jan", 31),
        ("Feb", 28),
        ("Mar", 31),
        ("Apr", 30),
        ("May", 31),
        ("Jun", 30),
        ("Jul", 31),
        ("Aug", 31),
        ("Sep", 30),
        ("Oct", 31),
        ("Nov", 30),
        ("Dec", 31),
    ];
    let mut d = days % 365;
    for (name, len) in MONTHS {
        if d < len {
            return (name, d + 1);
        }
        d -= len;
    }
    ("Dec", 31)
}

/// `HH:MM:SS.mmm` since the lab started, as the transcript prints it.
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.total_millis();
        let (h, m, s, milli) = (
            ms / 3_600_000,
            (ms / 60_000) % 60,
            (ms / 1000) % 60,
            ms % 1000,
        );
        write!(f, "{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

impl Duration {
    pub const ZERO: Duration = Duration(0);

    pub const fn from_micros(us: u64) -> Self {
        Duration(us)
    }
    pub const fn from_millis(ms: u64) -> Self {
        Duration(ms * 1_000)
    }
    pub const fn from_secs(s: u64) -> Self {
        Duration(s * 1_000_000)
    }
    pub const fn total_micros(self) -> u64 {
        self.0
    }
    pub const fn total_millis(self) -> u64 {
        self.0 / 1_000
    }
    pub const fn secs(self) -> u64 {
        self.0 / 1_000_000
    }
    pub fn times(self, n: u64) -> Duration {
        Duration(self.0.saturating_mul(n))
    }
    pub fn divided(self, n: u64) -> Duration {
        Duration(self.0 / n.max(1))
    }

    /// Parses a lab-script duration: `250ms`, `30s`, `2m`, `1h`, or a bare
    /// number of seconds. Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Duration> {
        let t = text.trim();
        let (num, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
            Some(i) => (&t[..i], &t[i..]),
            None => (t, "s"),
        };
        if num.is_empty() {
            return None;
        }
        let scale: u64 = match unit {
            "us" => 1,
            "ms" => 1_000,
            "s" => 1_000_000,
            "m" | "min" => 60_000_000,
            "h" => 3_600_000_000,
            _ => return None,
        };
        let micros = if let Some((int, frac)) = num.split_once('.') {
            if int.is_empty() && frac.is_empty() || frac.contains('.') {
                return None;
            }
            let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
            let frac_digits = frac.len().min(9) as u32;
            let frac_val: u64 = if frac.is_empty() {
                0
            } else {
                frac[..frac_digits as usize].parse().ok()?
            };
            int.checked_mul(scale)?
                .checked_add(frac_val.checked_mul(scale)? / 10u64.pow(frac_digits))?
        } else {
            num.parse::<u64>().ok()?.checked_mul(scale)?
        };
        Some(Duration(micros))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 1_000_000 == 0 {
            write!(f, "{}s", self.0 / 1_000_000)
        } else {
            write!(f, "{}ms", self.0 / 1_000)
        }
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(d.0))
    }
}
impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, d: Duration) {
        self.0 = self.0.saturating_add(d.0);
    }
}
impl Sub<Instant> for Instant {
    type Output = Duration;
    fn sub(self, o: Instant) -> Duration {
        Duration(self.0.saturating_sub(o.0))
    }
}
impl Add for Duration {
    type Output = Duration;
    fn add(self, d: Duration) -> Duration {
        Duration(self.0.saturating_add(d.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_script_durations() {
        assert_eq!(Duration::parse("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(Duration::parse("30s"), Some(Duration::from_secs(30)));
        assert_eq!(Duration::parse("2m"), Some(Duration::from_secs(120)));
        assert_eq!(Duration::parse("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(Duration::parse("15"), Some(Duration::from_secs(15)));
        assert_eq!(Duration::parse("2x"), None);
        assert_eq!(Duration::parse("s"), None);
        assert_eq!(Duration::parse(""), None);
        assert_eq!(Duration::parse("."), None);
        assert_eq!(Duration::parse("99999999999999999999h"), None);
    }

    #[test]
    fn prints_transcript_and_asa_clock() {
        let t = Instant::from_millis(3_723_045);
        assert_eq!(t.to_string(), "01:02:03.045");
        assert_eq!(
            Instant::from_secs(83).asa_clock(),
            "00:01:23 UTC Jan 1 2026"
        );
        assert_eq!(
            Instant::from_secs(86_400 * 31).asa_clock(),
            "00:00:00 UTC Feb 1 2026"
        );
    }
}
