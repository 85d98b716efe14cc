//! One byte that would make the outputs differ between Windows and Linux:
//! the zip writers inside rust_xlsxwriter, docx-rs and `zip` record the
//! system they ran on ("version made by": MS-DOS on Windows, Unix
//! elsewhere) in each entry of the central directory, and nothing else of
//! the archive depends on it. Every .xlsx and .docx dvk writes is set to
//! MS-DOS, as on Windows, so one input gives the same bytes everywhere; a
//! folder entry ("word/") also gets the MS-DOS folder attribute, as a
//! Windows writer gives it.

/// The central directory's entry signature ("PK\x01\x02").
const ENTRY: [u8; 4] = *b"PK\x01\x02";
/// The end of central directory record's signature ("PK\x05\x06").
const END: [u8; 4] = *b"PK\x05\x06";
/// MS-DOS (and OS/2, NTFS…), the system byte Windows writers record.
const MS_DOS: u8 = 0;
/// The MS-DOS attribute of a folder, in an entry's external attributes.
const DOS_FOLDER: u8 = 0x10;

/// `archive` with every central directory entry marked as made on MS-DOS.
/// An archive this cannot walk (not a zip, a zip64, a comment after the
/// end record) is returned as it was: it still opens, only that byte stays.
pub fn as_made_on_dos(mut archive: Vec<u8>) -> Vec<u8> {
    if let Some(entries) = central_directory(&archive) {
        for (at, folder) in entries {
            archive[at + 5] = MS_DOS;
            if folder {
                archive[at + 38] |= DOS_FOLDER;
            }
        }
    }
    archive
}

/// Where each central directory entry starts, and whether it is a folder,
/// or `None` when the archive is not one this walks.
fn central_directory(archive: &[u8]) -> Option<Vec<(usize, bool)>> {
    // dvk's archives end with the 22-byte end record, with no comment.
    let end = archive.len().checked_sub(22)?;
    if archive.get(end..end + 4)? != END {
        return None;
    }
    let u16_at = |at: usize| -> Option<usize> {
        let bytes = archive.get(at..at + 2)?;
        Some(usize::from(u16::from_le_bytes([bytes[0], bytes[1]])))
    };
    let u32_at = |at: usize| -> Option<usize> {
        let bytes = archive.get(at..at + 4)?;
        usize::try_from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])).ok()
    };
    let count = u16_at(end + 10)?;
    let mut at = u32_at(end + 16)?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        if archive.get(at..at + 4)? != ENTRY {
            return None;
        }
        let (name, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let folder = name > 0 && *archive.get(at + 46 + name - 1)? == b'/';
        entries.push((at, folder));
        at += 46 + name + extra + comment;
    }
    // The entries end where the end record (or a zip64 one) begins.
    (at <= end).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};

    fn archive(system: zip::System) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .system(system);
        zip.add_directory("thư mục/", options).expect("folder");
        for (name, text) in [("a.xml", "<a/>"), ("thư mục/b.xml", "<b>bê</b>")] {
            zip.start_file(name, options).expect("start");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_unix_archive_becomes_the_windows_one_and_still_opens() {
        let unix = archive(zip::System::Unix);
        let dos = archive(zip::System::Dos);
        assert_ne!(unix, dos);
        let made = as_made_on_dos(unix);
        assert_eq!(made, dos);
        let mut zip = zip::ZipArchive::new(Cursor::new(made)).expect("opens");
        let mut text = String::new();
        zip.by_name("thư mục/b.xml")
            .expect("entry")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "<b>bê</b>");
    }

    #[test]
    fn what_is_not_a_plain_zip_is_left_as_it_was() {
        for bytes in [
            Vec::new(),
            b"PK\x05\x06".to_vec(),
            b"not a zip at all, just text long enough".to_vec(),
        ] {
            assert_eq!(as_made_on_dos(bytes.clone()), bytes);
        }
        // A cut archive: its end record points past the entries there are.
        let mut cut = archive(zip::System::Unix);
        let end = cut.len() - 22;
        cut.drain(end - 10..end);
        assert_eq!(as_made_on_dos(cut.clone()), cut);
    }
}
