//! The charts' data as the page draws it: the state timeline's rows and
//! bands, computed from the [`Sample`]s, and the plain form (numbers and
//! text) in which samples and takeovers cross to the chart module.
//!
//! The page draws its charts with a second WebAssembly module that it loads
//! after the consoles accept input, so plotters is not in the first load.
//! Two modules share no memory: the samples travel as one `f64` array (a
//! copy, no parsing: 600 samples are ~30,000 numbers) and the takeovers'
//! reasons as lines of text. The array starts with [`WIRE_VERSION`], so a
//! chart module left in a browser's cache by an older page refuses the data
//! instead of drawing it wrong.

use crate::failover::{FoState, GroupId};
use crate::net::UnitId;
use crate::traffic::Kind;
use crate::view::{Sample, Status, Takeover, CHART_OBJS};

/// The timeline's rows: the two units, or with failover groups
/// (Active/Active) each group on each unit.
pub fn timeline_rows(s: &[Sample]) -> Vec<String> {
    if s.last().is_some_and(|x| x.groups.is_some()) {
        vec![
            "primary G1".into(),
            "primary G2".into(),
            "secondary G1".into(),
            "secondary G2".into(),
        ]
    } else {
        vec!["primary".into(), "secondary".into()]
    }
}

/// The state of each timeline row in a sample.
pub fn row_states(x: &Sample, rows: usize) -> Vec<Status> {
    match (rows, x.groups) {
        (4, Some(g)) => vec![g[0][0], g[0][1], g[1][0], g[1][1]],
        (4, None) => vec![x.status[0], x.status[0], x.status[1], x.status[1]],
        _ => x.status.to_vec(),
    }
}

/// One stretch of time a timeline row spent in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The row (0: the top one) of [`timeline_rows`].
    pub row: usize,
    pub from: f64,
    pub to: f64,
    pub status: Status,
}

/// The timeline as bands: consecutive samples in the same state make one
/// band, which lasts until the next sample in another state.
pub fn state_bands(s: &[Sample]) -> Vec<Band> {
    let rows = timeline_rows(s).len();
    let mut bands: Vec<Band> = Vec::new();
    let mut open: Vec<Option<usize>> = vec![None; rows];
    for x in s {
        for (row, st) in row_states(x, rows).into_iter().enumerate() {
            match open[row] {
                Some(i) if bands[i].status == st => bands[i].to = x.t,
                other => {
                    if let Some(i) = other {
                        bands[i].to = x.t;
                    }
                    open[row] = Some(bands.len());
                    bands.push(Band {
                        row,
                        from: x.t,
                        to: x.t,
                        status: st,
                    });
                }
            }
        }
    }
    bands
}

/// The first number of the wire form; a new layout gets a new version.
pub const WIRE_VERSION: f64 = 1.0;

const KINDS: usize = Kind::ALL.len();
const OBJS: usize = CHART_OBJS.len();
/// Numbers per sample: t, two levels, two statuses, groups flag and four
/// group statuses, alive and dropped per kind, xmit and rcv per unit and
/// object, link use, queue.
const STRIDE: usize = 1 + 2 + 2 + 1 + 4 + 2 * KINDS + 4 * OBJS + 2;
/// Numbers per takeover: time, unit, group, the state it left.
const TAKEOVER: usize = 4;

/// A status as a small number (its position in the timeline's vocabulary).
pub fn status_code(s: Status) -> u8 {
    match s {
        Status::PoweredOff => 0,
        Status::Booting => 1,
        Status::FailoverOff => 2,
        Status::Failover(f) => 3 + FoState::ALL.iter().position(|x| *x == f).unwrap_or(0) as u8,
    }
}

/// The status a [`status_code`] stands for.
pub fn status_of(code: u8) -> Option<Status> {
    match code {
        0 => Some(Status::PoweredOff),
        1 => Some(Status::Booting),
        2 => Some(Status::FailoverOff),
        n => FoState::ALL
            .get(usize::from(n) - 3)
            .map(|f| Status::Failover(*f)),
    }
}

/// Samples and takeovers in their plain form: the numbers and the
/// takeovers' reasons, one a line.
pub fn encode(samples: &[Sample], takeovers: &[Takeover]) -> (Vec<f64>, String) {
    let mut n = Vec::with_capacity(3 + samples.len() * STRIDE + takeovers.len() * TAKEOVER);
    n.extend([WIRE_VERSION, samples.len() as f64, takeovers.len() as f64]);
    for x in samples {
        n.push(x.t);
        n.extend(x.level.map(f64::from));
        n.extend(x.status.map(|s| f64::from(status_code(s))));
        let groups = x.groups.unwrap_or_default();
        n.push(if x.groups.is_some() { 1.0 } else { 0.0 });
        n.extend(groups.iter().flatten().map(|s| f64::from(status_code(*s))));
        n.extend(x.alive.iter().chain(&x.dropped).map(|v| *v as f64));
        n.extend(x.xmit.iter().chain(&x.rcv).flatten().map(|v| *v as f64));
        n.push(x.link_pct);
        n.push(x.queue as f64);
    }
    let mut text = String::new();
    for m in takeovers {
        n.extend([
            m.t_ms as f64,
            m.unit.index() as f64,
            f64::from(m.group.map_or(0, GroupId::number)),
            f64::from(status_code(Status::Failover(m.from))),
        ]);
        text.push_str(&m.reason.replace('\n', " "));
        text.push('\n');
    }
    (n, text)
}

/// Reads what [`encode`] wrote; `None` for anything else (another version,
/// a short array, a number out of range).
pub fn decode(n: &[f64], text: &str) -> Option<(Vec<Sample>, Vec<Takeover>)> {
    let count = |x: f64| (x >= 0.0 && x.fract() == 0.0 && x < 1e9).then_some(x as usize);
    let (&version, rest) = n.split_first()?;
    if version != WIRE_VERSION {
        return None;
    }
    let (samples, takeovers) = (count(*rest.first()?)?, count(*rest.get(1)?)?);
    let rest = &rest[2..];
    if rest.len() != samples.checked_mul(STRIDE)? + takeovers.checked_mul(TAKEOVER)? {
        return None;
    }
    let code = |x: f64| -> Option<Status> { status_of(u8::try_from(count(x)?).ok()?) };
    let mut out = Vec::with_capacity(samples);
    for r in rest[..samples * STRIDE].chunks_exact(STRIDE) {
        let mut it = r.iter().copied();
        let mut next = || it.next().unwrap_or_default();
        let mut x = Sample {
            t: next(),
            ..Sample::default()
        };
        for l in &mut x.level {
            *l = u8::try_from(count(next())?).ok()?;
        }
        for s in &mut x.status {
            *s = code(next())?;
        }
        let has_groups = next() == 1.0;
        let mut groups = [[Status::default(); 2]; 2];
        for s in groups.iter_mut().flatten() {
            *s = code(next())?;
        }
        x.groups = has_groups.then_some(groups);
        for v in x.alive.iter_mut().chain(x.dropped.iter_mut()) {
            *v = count(next())? as u64;
        }
        for v in x.xmit.iter_mut().chain(x.rcv.iter_mut()).flatten() {
            *v = next().max(0.0) as u64;
        }
        x.link_pct = next();
        x.queue = next().max(0.0) as u64;
        out.push(x);
    }
    let mut reasons = text.split('\n');
    let mut marks = Vec::with_capacity(takeovers);
    for r in rest[samples * STRIDE..].chunks_exact(TAKEOVER) {
        let Status::Failover(from) = code(r[3])? else {
            return None;
        };
        marks.push(Takeover {
            t_ms: r[0].max(0.0) as u64,
            unit: *UnitId::BOTH.get(count(r[1])?)?,
            group: match count(r[2])? {
                0 => None,
                g => Some(GroupId::failover_group(u8::try_from(g).ok()?)?),
            },
            from,
            reason: reasons.next()?.to_string(),
        });
    }
    Some((out, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64, a: Status, b: Status) -> Sample {
        Sample {
            t,
            status: [a, b],
            ..Sample::default()
        }
    }

    #[test]
    fn every_status_has_a_code_and_back() {
        let all = [Status::PoweredOff, Status::Booting, Status::FailoverOff]
            .into_iter()
            .chain(FoState::ALL.map(Status::Failover));
        for s in all {
            assert_eq!(status_of(status_code(s)), Some(s), "{s}");
        }
        assert_eq!(status_of(200), None);
    }

    #[test]
    fn samples_and_takeovers_cross_unchanged() {
        let mut a = sample(
            3.0,
            Status::Failover(FoState::Active),
            Status::Failover(FoState::StandbyReady),
        );
        a.level = [2, 1];
        a.alive[1] = 1_000_000;
        a.dropped[0] = 7;
        a.xmit[0][2] = 123_456_789;
        a.rcv[1][6] = 42;
        a.link_pct = 12.5;
        a.queue = 3;
        let mut b = sample(4.0, Status::Booting, Status::PoweredOff);
        b.groups = Some([
            [
                Status::Failover(FoState::Active),
                Status::Failover(FoState::BulkSync),
            ],
            [Status::Failover(FoState::Failed), Status::FailoverOff],
        ]);
        let t = vec![
            Takeover {
                t_ms: 61_000,
                unit: UnitId::Secondary,
                group: None,
                from: FoState::StandbyReady,
                reason: "Other unit wants me Active".into(),
            },
            Takeover {
                t_ms: 90_500,
                unit: UnitId::Primary,
                group: Some(GroupId::G2),
                from: FoState::Failed,
                reason: "Interface check".into(),
            },
        ];
        let (n, text) = encode(&[a, b], &t);
        assert_eq!(n.len(), 3 + 2 * STRIDE + 2 * TAKEOVER);
        assert_eq!(decode(&n, &text), Some((vec![a, b], t)));
        assert_eq!(
            decode(&[WIRE_VERSION, 0.0, 0.0], ""),
            Some((vec![], vec![]))
        );
    }

    #[test]
    fn anything_else_is_refused() {
        let (mut n, text) = encode(&[Sample::default()], &[]);
        assert!(decode(&n, &text).is_some());
        n[0] = 2.0;
        assert_eq!(decode(&n, &text), None, "another version");
        n[0] = WIRE_VERSION;
        assert_eq!(decode(&n[..n.len() - 1], &text), None, "short");
        n[6] = 99.0;
        assert_eq!(decode(&n, &text), None, "a status out of range");
        assert_eq!(decode(&[], ""), None);
        assert_eq!(decode(&[WIRE_VERSION, -1.0, 0.0], ""), None);
        assert_eq!(decode(&[WIRE_VERSION, 1e300, 0.0], ""), None);
    }

    #[test]
    fn bands_join_samples_in_one_state() {
        let act = Status::Failover(FoState::Active);
        let sby = Status::Failover(FoState::StandbyReady);
        let s = [
            sample(0.0, act, sby),
            sample(1.0, act, sby),
            sample(2.0, sby, act),
        ];
        let bands = state_bands(&s);
        assert_eq!(bands.len(), 4);
        assert_eq!((bands[0].row, bands[0].from, bands[0].to), (0, 0.0, 2.0));
        assert_eq!(bands[2].status, sby);
        assert_eq!(timeline_rows(&s), ["primary", "secondary"]);
    }
}
