//! Naming rules in settings and suppression comments: an exact id (`wording/hedge`), a namespace
//! (`red-flag/*`) or every rule (`*`). Config files and inline suppressions share this one syntax.

use std::fmt;

/// A set of rules named by id, by namespace or as all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSelector {
    /// `*`: every rule.
    All,
    /// `red-flag/*`: every rule whose id starts with `red-flag/` (stored with the slash).
    Namespace(String),
    /// `wording/hedge`: one rule.
    Id(String),
}

impl RuleSelector {
    /// Parses a selector. Globs are limited to a trailing `/*` (a namespace) or a lone `*`: rule
    /// ids are few and regular, and anything richer would make a typo match rules by accident.
    pub fn parse(text: &str) -> Result<RuleSelector, String> {
        let text = text.trim();
        if text == "*" {
            return Ok(RuleSelector::All);
        }
        let well_formed = |s: &str| {
            !s.is_empty()
                && s.split('/').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
        };
        if let Some(namespace) = text.strip_suffix("/*")
            && well_formed(namespace)
        {
            return Ok(RuleSelector::Namespace(format!("{namespace}/")));
        }
        if text.contains('/') && well_formed(text) {
            return Ok(RuleSelector::Id(text.to_string()));
        }
        Err(format!(
            "`{text}` is not a rule id (like `wording/hedge`), a namespace (like `red-flag/*`) or `*`"
        ))
    }

    pub fn matches(&self, id: &str) -> bool {
        match self {
            RuleSelector::All => true,
            RuleSelector::Namespace(prefix) => id.starts_with(prefix.as_str()),
            RuleSelector::Id(exact) => id == exact,
        }
    }

    /// Whether the selector names rules explicitly (an id or a namespace), rather than all rules.
    pub fn is_explicit(&self) -> bool {
        !matches!(self, RuleSelector::All)
    }

    /// How narrowly the selector names rules: where several settings name the same rule, the
    /// narrowest wins (an id over its namespace over `*`; a deeper namespace over a shallower one).
    pub fn specificity(&self) -> usize {
        match self {
            RuleSelector::All => 0,
            RuleSelector::Namespace(prefix) => prefix.len(),
            RuleSelector::Id(_) => usize::MAX,
        }
    }
}

impl fmt::Display for RuleSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleSelector::All => write!(f, "*"),
            RuleSelector::Namespace(prefix) => write!(f, "{prefix}*"),
            RuleSelector::Id(id) => write!(f, "{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_namespaces_and_all() {
        let hedge = RuleSelector::parse("wording/hedge").unwrap();
        assert!(hedge.matches("wording/hedge"));
        assert!(!hedge.matches("wording/hedges"));
        let red = RuleSelector::parse("red-flag/*").unwrap();
        assert_eq!(red, RuleSelector::Namespace("red-flag/".into()));
        assert!(red.matches("red-flag/no-tests"));
        assert!(!red.matches("red-flags/x"));
        assert!(RuleSelector::parse(" * ").unwrap().matches("anything/at-all"));
        assert_eq!(red.to_string(), "red-flag/*");
        assert!(hedge.specificity() > red.specificity());
        assert!(red.specificity() > RuleSelector::All.specificity());
    }

    #[test]
    fn other_globs_and_malformed_ids_are_refused() {
        for bad in [
            "hedge",
            "wording/*hedge",
            "Wording/Hedge",
            "*/hedge",
            "wording//x",
            "",
            "red-flag/**",
        ] {
            assert!(RuleSelector::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
