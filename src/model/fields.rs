//! Priority and effort values as written in plan headers:
//! `🔴 HIGH (blocks 05)`, `MEDIUM-HIGH`, `2-4h agentic + 1h review`, `Small`.

use serde::Serialize;

use crate::base::text::words;
use crate::model::status::strip_note;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriorityLevel {
    Critical,
    High,
    MediumHigh,
    Medium,
    MediumLow,
    Low,
}

impl PriorityLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            PriorityLevel::Critical => "CRITICAL",
            PriorityLevel::High => "HIGH",
            PriorityLevel::MediumHigh => "MEDIUM-HIGH",
            PriorityLevel::Medium => "MEDIUM",
            PriorityLevel::MediumLow => "MEDIUM-LOW",
            PriorityLevel::Low => "LOW",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub raw: String,
    /// `None` when the value names no level we know.
    pub level: Option<PriorityLevel>,
    /// The text in parentheses or after a dash: the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Priority {
    pub fn parse(raw: &str) -> Priority {
        let raw = raw.trim();
        let head = words(strip_note(raw));
        let level = match head.as_str() {
            "critical" | "urgent" | "p0" | "blocker" => Some(PriorityLevel::Critical),
            "high" | "p1" => Some(PriorityLevel::High),
            "medium high" | "high medium" => Some(PriorityLevel::MediumHigh),
            "medium" | "med" | "normal" | "p2" => Some(PriorityLevel::Medium),
            "medium low" | "low medium" => Some(PriorityLevel::MediumLow),
            "low" | "p3" | "p4" => Some(PriorityLevel::Low),
            _ => None,
        };
        let rest = raw[raw.find(strip_note(raw)).unwrap_or(0) + strip_note(raw).len()..].trim();
        let note = rest
            .trim_start_matches(['-', '–', '—', ':', ';', ','])
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim();
        Priority {
            raw: raw.to_string(),
            level,
            note: (!note.is_empty()).then(|| note.to_string()),
        }
    }
}

/// T-shirt sizes as seed 000 writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Size {
    Small,
    Medium,
    Large,
}

/// A range of hours, `low == high` for a single figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Hours {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effort {
    pub raw: String,
    /// Implementation (agentic) hours: the first term, or the one labelled
    /// `agentic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agentic: Option<Hours>,
    /// Review hours: the term labelled `review`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Hours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
}

impl Effort {
    pub fn parse(raw: &str) -> Effort {
        let raw = raw.trim();
        let mut effort = Effort {
            raw: raw.to_string(),
            agentic: None,
            review: None,
            size: None,
        };
        let head = strip_note(raw);
        effort.size = match words(head).as_str() {
            "small" | "s" | "xs" => Some(Size::Small),
            "medium" | "m" => Some(Size::Medium),
            "large" | "l" | "xl" => Some(Size::Large),
            _ => None,
        };
        for term in head.split('+') {
            let Some((hours, label)) = parse_hours_term(term) else {
                continue;
            };
            if label.contains("review") {
                effort.review.get_or_insert(hours);
            } else {
                effort.agentic.get_or_insert(hours);
            }
        }
        effort
    }
}

/// `~2.5-3.5h agentic` -> (2.5..3.5, "agentic").
fn parse_hours_term(term: &str) -> Option<(Hours, String)> {
    let t = term.trim().trim_start_matches(['~', '≈']).trim();
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '–' || c == ' '))
        .unwrap_or(t.len());
    let (numbers, rest) = t.split_at(num_end);
    let rest = rest.trim_start();
    let unit_len = ["hours", "hour", "hrs", "hr", "h"]
        .iter()
        .find(|u| rest.to_ascii_lowercase().starts_with(*u))
        .map(|u| u.len())?;
    let mut parts = numbers.split(['-', '–']).map(|p| p.trim().parse::<f64>());
    let low = parts.next()?.ok()?;
    let high = match parts.next() {
        Some(h) => h.ok()?,
        None => low,
    };
    Some((Hours { low, high }, words(&rest[unit_len..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_with_notes_and_emoji() {
        let p = Priority::parse("HIGH (blocks 05)");
        assert_eq!(p.level, Some(PriorityLevel::High));
        assert_eq!(p.note.as_deref(), Some("blocks 05"));
        let p = Priority::parse("🔴 **MEDIUM-HIGH** (Foundation for Functional Patterns)");
        assert_eq!(p.level, Some(PriorityLevel::MediumHigh));
        assert_eq!(Priority::parse("🟡 LOW").level, Some(PriorityLevel::Low));
        assert_eq!(Priority::parse("whenever").level, None);
    }

    #[test]
    fn efforts_in_the_seed_format() {
        let e = Effort::parse("2-4h agentic + 1h review");
        assert_eq!(
            e.agentic,
            Some(Hours {
                low: 2.0,
                high: 4.0
            })
        );
        assert_eq!(
            e.review,
            Some(Hours {
                low: 1.0,
                high: 1.0
            })
        );
        let e = Effort::parse("2.5-3.5h agentic + 1h review");
        assert_eq!(
            e.agentic,
            Some(Hours {
                low: 2.5,
                high: 3.5
            })
        );
        let e = Effort::parse("~3 hours");
        assert_eq!(
            e.agentic,
            Some(Hours {
                low: 3.0,
                high: 3.0
            })
        );
        assert_eq!(Effort::parse("Small").size, Some(Size::Small));
        assert_eq!(Effort::parse("X-Yh agentic + Zh review").agentic, None);
    }
}
