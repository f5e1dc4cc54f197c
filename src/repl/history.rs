//! Where the REPL keeps its history: `$IEUM_HISTORY` when set (empty turns history off),
//! else `ieum/history` under the user's data directory (`$XDG_DATA_HOME`, else
//! `~/.local/share`; `%APPDATA%` on Windows). Never the current directory.

use std::path::PathBuf;

/// The history file, or None when there is none to keep.
pub fn path() -> Option<PathBuf> {
    path_from(|name| std::env::var_os(name))
}

fn path_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    if let Some(p) = var("IEUM_HISTORY") {
        return if p.is_empty() { None } else { Some(PathBuf::from(p)) };
    }
    let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
    let data = if cfg!(windows) {
        absolute("APPDATA")
    } else {
        absolute("XDG_DATA_HOME").or_else(|| absolute("HOME").map(|h| h.join(".local").join("share")))
    }?;
    Some(data.join("ieum").join("history"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn with(vars: &[(&str, &str)]) -> Option<PathBuf> {
        path_from(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v)))
    }

    #[test]
    fn history_lives_in_the_data_directory() {
        assert_eq!(with(&[("IEUM_HISTORY", "/tmp/h")]), Some(PathBuf::from("/tmp/h")));
        assert_eq!(with(&[("IEUM_HISTORY", ""), ("HOME", "/home/u")]), None);
        if !cfg!(windows) {
            assert_eq!(with(&[("XDG_DATA_HOME", "/d"), ("HOME", "/home/u")]), Some(PathBuf::from("/d/ieum/history")));
            assert_eq!(
                with(&[("XDG_DATA_HOME", "relative"), ("HOME", "/home/u")]),
                Some(PathBuf::from("/home/u/.local/share/ieum/history"))
            );
            assert_eq!(with(&[]), None);
        }
    }
}
