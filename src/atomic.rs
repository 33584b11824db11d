//! Writing a file so that no reader ever sees half of it (a unique temporary
//! file beside it, renamed over it), and reading one that cannot hang or
//! exhaust the run (regular files only, bounded). Used for the link cache,
//! saved sources, baselines, inputs and `--fix`.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Write `bytes` to `path` atomically. The temporary file is unique to this
/// process and call, so concurrent writers (threads or runs) never share
/// one; on failure it is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, bytes, None, |f, b| f.write_all(b))
}

/// [`write_atomic`] for a file that exists and is being replaced (`--fix`):
/// the new file gets `permissions` (the old file's) and its bytes reach the
/// disk before the rename, so a crash leaves the old file or the new one.
pub fn replace_atomic(
    path: &Path,
    bytes: &[u8],
    permissions: std::fs::Permissions,
) -> std::io::Result<()> {
    write_with(path, bytes, Some(permissions), |f, b| {
        f.write_all(b)?;
        f.sync_all()
    })
}

/// Write a file the user named (`--write-baseline`), keeping what it is:
/// an existing file keeps its permissions, and a symbolic link stays a
/// link (the file it points to is replaced, atomically). A FIFO, device or
/// directory is refused.
pub fn write_named(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() => replace_atomic(&target, bytes, m.permissions()),
        Ok(_) => Err(std::io::Error::other("not a regular file")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_atomic(&target, bytes),
        Err(e) => Err(e),
    }
}

/// The one way both write: `write` fills the temporary file (a test makes
/// it fail as a full disk would); on any failure the temporary file is
/// removed and `path` is untouched.
fn write_with(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    let written = write(&mut file, bytes)
        .and_then(|()| match permissions {
            Some(p) => file.set_permissions(p),
            None => Ok(()),
        })
        .and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    written.inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Why [`read_regular`] read nothing.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a regular file (a FIFO, socket or device); refusing to read it")]
    NotRegular,
    #[error("larger than {cap} bytes; refusing to read it")]
    TooLarge { cap: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ReadError {
    pub fn not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// Read a regular file (links followed) of at most `cap` bytes. FIFOs,
/// sockets and devices are refused before they are opened, and again on the
/// opened handle (opened non-blocking, so a FIFO swapped in between cannot
/// hang the run); the read goes through `take`, so a file that grows while
/// it is read still costs at most `cap + 1` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge { cap });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text (JSON files: manifests, cache entries,
/// baselines).
pub fn read_regular_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let bytes = read_regular(path, cap)?;
    String::from_utf8(bytes)
        .map_err(|e| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.json")]);
        assert!(write_atomic(&dir.path().join("missing/b.json"), b"x").is_err());
    }

    #[test]
    fn a_full_disk_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let err = write_with(&path, b"new", None, |f, b| {
            f.write_all(&b[..1])?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        })
        .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn reading_refuses_fifos_devices_and_oversized_files() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_regular(&fifo, 10),
                Err(ReadError::NotRegular)
            ));
        }
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        let big = dir.path().join("big");
        std::fs::write(&big, [b'x'; 11]).unwrap();
        assert!(matches!(
            read_regular(&big, 10),
            Err(ReadError::TooLarge { cap: 10 })
        ));
        assert_eq!(read_regular(&big, 11).unwrap().len(), 11);
        assert!(read_regular(&dir.path().join("gone"), 10)
            .unwrap_err()
            .not_found());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_file_keeps_its_mode_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_named(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let fresh = dir.path().join("fresh.json");
        write_named(&fresh, b"x").unwrap();
        assert_eq!(std::fs::read(&fresh).unwrap(), b"x");
        assert!(write_named(dir.path(), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let perms = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(&path, perms.clone()).unwrap();
        replace_atomic(&path, b"new", perms).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}
