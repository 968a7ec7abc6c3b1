//! API keys and their secrets: one pair, a list, or LiveKit's key file.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crate::error::KeyError;
use crate::secret::ApiSecret;

/// Finds the secret of an API key, so that tokens are verified with the key their `iss` names.
///
/// Implement it to look keys up elsewhere; [`KeySet`] covers the usual cases. With several keys
/// configured, a new key can be rolled out before the old one is retired, without downtime.
pub trait KeyProvider: Send + Sync + fmt::Debug {
    /// The secret of `api_key`, or `None` if the key is unknown.
    fn secret(&self, api_key: &str) -> Option<&ApiSecret>;
}

/// A fixed set of API keys and secrets.
///
/// ```
/// use livekit_auth::KeySet;
///
/// let keys = KeySet::from_key_file_str("# rotated 2026-11\nAPIold: old-secret-old-secret-old-secret\nAPInew: new-secret-new-secret-new-secret\n")?;
/// assert_eq!(keys.len(), 2);
/// assert!(keys.contains("APInew"));
/// # Ok::<(), livekit_auth::KeyError>(())
/// ```
#[derive(Clone, Default)]
pub struct KeySet {
    keys: HashMap<String, ApiSecret>,
}

impl KeySet {
    /// An empty set (verifies nothing until keys are added).
    pub fn new() -> Self {
        Self::default()
    }

    /// One API key and its secret.
    pub fn single(api_key: impl Into<String>, secret: impl Into<ApiSecret>) -> Self {
        let mut keys = HashMap::with_capacity(1);
        keys.insert(api_key.into(), secret.into());
        Self { keys }
    }

    /// Several pairs; an empty key or secret, or a repeated key, is an error.
    pub fn from_pairs<K, S>(pairs: impl IntoIterator<Item = (K, S)>) -> Result<Self, KeyError>
    where
        K: Into<String>,
        S: Into<ApiSecret>,
    {
        let mut set = Self::new();
        for (key, secret) in pairs {
            set.insert_checked(key.into(), secret.into(), 0)?;
        }
        Ok(set)
    }

    /// Parses LiveKit's key file: one `key: secret` per line (YAML mapping syntax; values may be
    /// quoted), blank lines and `#` comments ignored.
    pub fn from_key_file_str(text: &str) -> Result<Self, KeyError> {
        let mut set = Self::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') || content == "---" {
                continue;
            }
            let (key, secret) = content.split_once(':').ok_or(KeyError::Syntax { line })?;
            let key = unquote(key.trim()).ok_or(KeyError::Syntax { line })?;
            let secret = unquote(secret.trim()).ok_or(KeyError::Syntax { line })?;
            set.insert_checked(key.to_owned(), ApiSecret::new(secret), line)?;
        }
        if set.is_empty() {
            return Err(KeyError::NoKeys);
        }
        Ok(set)
    }

    /// Reads and parses a key file (see [`from_key_file_str`](Self::from_key_file_str)).
    pub fn from_key_file(path: impl AsRef<Path>) -> Result<Self, KeyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        // The file held secrets: wipe our copy of it once parsed.
        let text = zeroize::Zeroizing::new(text);
        Self::from_key_file_str(&text)
    }

    /// Adds or replaces a key.
    pub fn insert(&mut self, api_key: impl Into<String>, secret: impl Into<ApiSecret>) {
        self.keys.insert(api_key.into(), secret.into());
    }

    fn insert_checked(
        &mut self,
        key: String,
        secret: ApiSecret,
        line: usize,
    ) -> Result<(), KeyError> {
        if key.is_empty() || secret.is_empty() {
            return Err(KeyError::Empty { line });
        }
        if self.keys.contains_key(&key) {
            return Err(KeyError::Duplicate { key, line });
        }
        self.keys.insert(key, secret);
        Ok(())
    }

    /// Moves every key of `other` into this set; a key present in both is an error and leaves
    /// this set unchanged.
    pub fn merge(&mut self, other: KeySet) -> Result<(), KeyError> {
        if let Some(key) = other.keys.keys().find(|k| self.keys.contains_key(*k)) {
            return Err(KeyError::Duplicate {
                key: key.clone(),
                line: 0,
            });
        }
        self.keys
            .extend(other.keys.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }

    /// Whether `api_key` is in the set.
    pub fn contains(&self, api_key: &str) -> bool {
        self.keys.contains_key(api_key)
    }

    /// The API keys, in no particular order.
    pub fn api_keys(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Strips one pair of matching YAML quotes; `None` for an unbalanced quote.
fn unquote(s: &str) -> Option<&str> {
    for q in ['"', '\''] {
        if let Some(rest) = s.strip_prefix(q) {
            return rest.strip_suffix(q);
        }
    }
    Some(s)
}

impl KeyProvider for KeySet {
    fn secret(&self, api_key: &str) -> Option<&ApiSecret> {
        self.keys.get(api_key)
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<&str> = self.api_keys().collect();
        keys.sort_unstable();
        f.debug_struct("KeySet")
            .field("api_keys", &keys)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_file_with_comments_quotes_and_blank_lines() {
        let keys = KeySet::from_key_file_str(
            "# keys\n\nAPIa: secret-a\n  APIb : \"secret: b\"  \n'APIc': 'c'\n",
        )
        .expect("parses");
        assert_eq!(keys.len(), 3);
        assert_eq!(
            keys.secret("APIb").map(ApiSecret::len),
            Some("secret: b".len())
        );
        assert!(keys.secret("APIc").is_some());
        assert!(keys.secret("nope").is_none());
    }

    #[test]
    fn rejects_bad_lines_with_their_number_and_without_the_secret() {
        let err = KeySet::from_key_file_str("APIa: s\nno-colon-supersecret\n").expect_err("bad");
        assert!(matches!(err, KeyError::Syntax { line: 2 }));
        assert!(!err.to_string().contains("supersecret"));
        assert!(matches!(
            KeySet::from_key_file_str("APIa: \"unterminated\n"),
            Err(KeyError::Syntax { line: 1 })
        ));
    }

    #[test]
    fn rejects_empty_duplicate_and_missing_keys() {
        assert!(matches!(
            KeySet::from_key_file_str("APIa:\n"),
            Err(KeyError::Empty { line: 1 })
        ));
        assert!(matches!(
            KeySet::from_key_file_str("APIa: x\nAPIa: y\n"),
            Err(KeyError::Duplicate { line: 2, .. })
        ));
        assert!(matches!(
            KeySet::from_key_file_str("# nothing\n"),
            Err(KeyError::NoKeys)
        ));
        assert!(matches!(
            KeySet::from_pairs([("", "s")]),
            Err(KeyError::Empty { line: 0 })
        ));
    }

    #[test]
    fn merge_refuses_duplicates_and_changes_nothing_then() {
        let mut keys = KeySet::single("APIa", "a");
        let clash = KeySet::from_pairs([("APIb", "b"), ("APIa", "other")]).expect("pairs");
        assert!(matches!(keys.merge(clash), Err(KeyError::Duplicate { .. })));
        assert_eq!(keys.len(), 1);
        keys.merge(KeySet::single("APIb", "b")).expect("merges");
        assert!(keys.contains("APIb"));
    }

    #[test]
    fn missing_file_is_an_io_error_naming_the_path() {
        let err = KeySet::from_key_file("/nonexistent/keys.yaml").expect_err("missing");
        assert!(err.to_string().contains("/nonexistent/keys.yaml"));
    }

    #[test]
    fn debug_lists_keys_but_no_secrets() {
        let keys = KeySet::single("APIa", "topsecret-value");
        let printed = format!("{keys:?}");
        assert!(printed.contains("APIa"));
        assert!(!printed.contains("topsecret"));
    }
}
