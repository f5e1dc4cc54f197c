//! An output file (`-o FILE`) that is written in full before it replaces anything: the
//! output goes to a temporary file next to the target, which is renamed over the target
//! once the command is done. Until then the target is untouched; a target that is a
//! symbolic link is refused, so that nothing is written through it.

use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A file being written under a temporary name; [`OutputFile::commit`] puts it in place,
/// dropping it without committing removes it.
pub struct OutputFile {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

/// Fails, naming `target`, when it is a symbolic link (or something else than a file).
pub fn check_target(target: &Path) -> io::Result<()> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a symbolic link; ieum does not write through one: give the path it points to", target.display()),
        )),
        Ok(m) if !m.is_file() => {
            Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} exists and is not a regular file", target.display())))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", target.display()))),
    }
}

impl OutputFile {
    /// Starts writing what will become `target`; errors name the file.
    pub fn create(target: &Path) -> io::Result<OutputFile> {
        check_target(target)?;
        let name =
            target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} names no file", target.display())))?;
        let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot create a file in {}: {e}", target.display(), dir.display())))?;
        Ok(OutputFile { target: target.to_path_buf(), tmp, file: Some(BufWriter::new(file)) })
    }

    /// Writes `bytes` to `target` this way in one go.
    pub fn write_all_to(target: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = OutputFile::create(target)?;
        f.write_all(bytes)?;
        f.commit()
    }

    /// Flushes the output and renames it over the target.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(buffered) = self.file.take() else { return Ok(()) };
        let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", self.target.display()));
        let file = buffered.into_inner().map_err(|e| named(e.into_error()))?;
        file.sync_all().map_err(named)?;
        drop(file);
        // checked again: a link may have been put there while the output was written
        check_target(&self.target)?;
        fs::rename(&self.tmp, &self.target).map_err(named)
    }

    /// Where the output will go.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("the output file is already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// An [`OutputFile`] that a session writes to while the command that made it keeps a
/// handle to commit (or drop) it once the command is done.
#[derive(Clone)]
pub struct SharedOutput(Rc<RefCell<Option<OutputFile>>>);

impl SharedOutput {
    pub fn new(file: OutputFile) -> Self {
        SharedOutput(Rc::new(RefCell::new(Some(file))))
    }

    /// Puts the output in place (`keep`), or removes it and leaves the target as it was;
    /// returns a note for the user in that case.
    pub fn finish(&self, keep: bool) -> Result<Option<String>, String> {
        let Some(file) = self.0.borrow_mut().take() else { return Ok(None) };
        if keep {
            file.commit().map(|_| None).map_err(|e| format!("OutputError (WriteFailed): {e}"))
        } else {
            let note = format!("note: {} was left as it was, since a statement failed", file.target().display());
            drop(file);
            Ok(Some(note))
        }
    }
}

impl Write for SharedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.0.borrow_mut().as_mut() {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("the output file is already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.0.borrow_mut().as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_changes_only_at_commit_and_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        // dropped without commit: no trace
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"lost").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = OutputFile::write_all_to(&link, b"x").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }
}
