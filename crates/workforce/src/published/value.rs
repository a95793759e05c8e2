//! Published cells: a number, or the DfE symbol that stands where the number would be.

use std::fmt;

/// A DfE suppression or missing-value symbol (`metrics.md` §2.12). Each means *missing*,
/// never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// `c`: suppressed for confidentiality.
    Confidential,
    /// `x`: not available.
    NotAvailable,
    /// `z`: not applicable.
    NotApplicable,
    /// `low`: rounds to zero but is not zero.
    Low,
    /// `u`: low reliability.
    Unreliable,
    /// `:`: not available (releases up to 2020).
    OldNotAvailable,
    /// `k`: less than 0.5% (stability release).
    BelowHalf,
    /// An empty cell.
    Empty,
}

impl Symbol {
    /// The symbol for a cell's text (surrounding spaces ignored), or `None` when the text is
    /// not one of the DfE symbols.
    pub fn parse(text: &str) -> Option<Symbol> {
        Some(match text.trim() {
            "c" => Symbol::Confidential,
            "x" => Symbol::NotAvailable,
            "z" => Symbol::NotApplicable,
            "low" => Symbol::Low,
            "u" => Symbol::Unreliable,
            ":" => Symbol::OldNotAvailable,
            "k" => Symbol::BelowHalf,
            "" => Symbol::Empty,
            _ => return None,
        })
    }

    /// The symbol as published (`""` for an empty cell).
    pub fn as_str(self) -> &'static str {
        match self {
            Symbol::Confidential => "c",
            Symbol::NotAvailable => "x",
            Symbol::NotApplicable => "z",
            Symbol::Low => "low",
            Symbol::Unreliable => "u",
            Symbol::OldNotAvailable => ":",
            Symbol::BelowHalf => "k",
            Symbol::Empty => "",
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published cell: a value, or the symbol published instead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Published {
    /// A number as published (already rounded by DfE).
    Value(f64),
    /// No number: the symbol says why.
    Suppressed(Symbol),
}

impl Published {
    /// Parse a cell: a finite number, or one of the DfE symbols. `None` when it is neither.
    pub fn parse(text: &str) -> Option<Published> {
        let t = text.trim();
        if let Some(s) = Symbol::parse(t) {
            return Some(Published::Suppressed(s));
        }
        // Thousands separators appear in some hand-saved copies (only they need a copy).
        let parsed = if t.contains(',') {
            t.replace(',', "").parse::<f64>()
        } else {
            t.parse::<f64>()
        };
        match parsed {
            Ok(v) if v.is_finite() => Some(Published::Value(v)),
            _ => None,
        }
    }

    /// The number, or `None` when a symbol was published.
    pub fn value(self) -> Option<f64> {
        match self {
            Published::Value(v) => Some(v),
            Published::Suppressed(_) => None,
        }
    }

    /// The symbol, or `None` when a number was published.
    pub fn symbol(self) -> Option<Symbol> {
        match self {
            Published::Value(_) => None,
            Published::Suppressed(s) => Some(s),
        }
    }

    /// True when a number was published.
    pub fn is_value(self) -> bool {
        matches!(self, Published::Value(_))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Value(v) => write!(f, "{}", crate::table::format_float(*v)),
            Published::Suppressed(s) => write!(f, "{s}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_missing_not_zero() {
        for s in ["c", "x", "z", "low", "u", ":", "k", "", " x "] {
            let p = Published::parse(s).unwrap();
            assert_eq!(p.value(), None, "{s:?}");
            assert_eq!(p.symbol().unwrap().as_str(), s.trim());
        }
        assert_eq!(Published::parse("0").unwrap().value(), Some(0.0));
        assert_eq!(Published::parse("12.5").unwrap(), Published::Value(12.5));
        assert_eq!(Published::parse("1,234.5").unwrap().value(), Some(1234.5));
        assert_eq!(Published::parse("n/a"), None);
        assert_eq!(Published::parse("NaN"), None);
    }
}
