//! What a file really holds, checked before any parser sees it.
//!
//! Clerks rename files, save web pages as ".xls", send half-copied files and
//! Word notes; a few files are hostile. This module looks at the bytes, not
//! the extension: it names what the file is when it is not a spreadsheet,
//! and bounds what a parser could be made to allocate (zip entry sizes, a
//! shared-string count, declared and real sheet dimensions) before calamine
//! opens it. A spreadsheet with the wrong extension is read for what it is.

use super::{FileFormat, IngestError};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Larger inputs are refused: a commune's report is a few hundred KB, a
/// province's merged workbook a few tens of MB.
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// No zip entry may unpack to more than this, nor all of them together to
/// more than [`MAX_UNZIPPED_BYTES`].
const MAX_ENTRY_BYTES: u64 = 1 << 30;
const MAX_UNZIPPED_BYTES: u64 = 2 << 30;
/// calamine keeps the whole shared-strings table in memory.
const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;
/// An entry that unpacks to more than this and more than [`BOMB_RATIO`]
/// times its packed size is a zip bomb: real sheets pack 5 to 50 times.
const BOMB_SIZE: u64 = 64 << 20;
const BOMB_RATIO: u64 = 1000;
/// .xls and .ods sheets are held as full grids (every cell of the rectangle
/// from the first to the last used cell); their sum per file is capped.
pub const MAX_GRID_CELLS: u64 = 4_000_000;

/// The format a file holds, ready for its reader.
#[derive(Debug)]
pub enum Container {
    /// Kept open: the reader need not find the parts again.
    Xlsx(OpenZip),
    /// With the merged cells found while its grid was counted.
    Ods(super::grid::OdsLayout),
    /// A compound file holding only the workbook stream, with its declared
    /// dimensions cleared (calamine would reserve them), the rows each
    /// sheet hides and the cells it types in legacy fonts.
    Xls(XlsFile),
    Csv,
}

impl Container {
    pub fn format(&self) -> FileFormat {
        match self {
            Container::Xlsx(_) => FileFormat::Xlsx,
            Container::Ods(_) => FileFormat::Ods,
            Container::Xls(_) => FileFormat::Xls,
            Container::Csv => FileFormat::Csv,
        }
    }
}

/// An .xls made safe for calamine, with what calamine does not tell.
#[derive(Debug)]
pub struct XlsFile {
    pub compound: Vec<u8>,
    /// Per sheet, in the workbook's order: its hidden rows, 1-based, sorted.
    pub hidden_rows: Vec<Vec<u32>>,
    /// Per sheet, likewise: its text cells typed in a legacy font.
    pub cell_fonts: Vec<super::legacy_text::CellFonts>,
}

/// An opened .xlsx archive.
pub struct OpenZip(pub zip::ZipArchive<BufReader<File>>);

impl std::fmt::Debug for OpenZip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpenZip({} entries)", self.0.len())
    }
}

/// Looks at the file's first bytes and, for zip and compound files, inside.
pub fn identify(path: &Path, claimed: FileFormat) -> Result<Container, IngestError> {
    let length = std::fs::metadata(path)?.len();
    if length == 0 {
        return Err(IngestError::Empty);
    }
    if length > MAX_FILE_BYTES {
        return Err(IngestError::FileTooLarge {
            megabytes: length >> 20,
            limit: MAX_FILE_BYTES >> 20,
        });
    }
    let mut head = Vec::with_capacity(512);
    File::open(path)?.take(512).read_to_end(&mut head)?;
    match Magic::of(&head) {
        Magic::Zip => inspect_zip(path),
        Magic::Compound => inspect_compound(path),
        Magic::OldExcel => Err(IngestError::OldExcel),
        Magic::Named(what) => Err(IngestError::NotSpreadsheet { what }),
        Magic::WebPage => Err(IngestError::WebPage),
        Magic::Xml2003 => Err(IngestError::Xml2003),
        // CSV files have their own checks for text; text under a workbook's
        // extension is most often a CSV or tab-separated export.
        Magic::Other if claimed == FileFormat::Csv || looks_like_text(&head) => Ok(Container::Csv),
        Magic::Other => Err(IngestError::Unknown),
    }
}

/// What the first bytes say.
#[derive(Debug, PartialEq, Eq)]
enum Magic {
    Zip,
    Compound,
    /// Excel 2.x–4.x: a bare BIFF stream, no container.
    OldExcel,
    Named(&'static str),
    WebPage,
    Xml2003,
    Other,
}

impl Magic {
    fn of(head: &[u8]) -> Magic {
        const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            return Magic::Zip;
        }
        if head.starts_with(&COMPOUND) {
            return Magic::Compound;
        }
        // A BIFF2/3/4 BOF record: 0x0009, 0x0209 or 0x0409, then its length.
        if let [0x09, 0x00 | 0x02 | 0x04, 4 | 6 | 8 | 16, 0x00, ..] = head {
            return Magic::OldExcel;
        }
        let named: [(&[u8], &'static str); 6] = [
            (b"%PDF", "tài liệu PDF"),
            (b"{\\rtf", "văn bản RTF (Word)"),
            (b"\x89PNG", "ảnh PNG"),
            (b"\xFF\xD8\xFF", "ảnh JPEG"),
            (b"Rar!", "tệp nén RAR"),
            (b"7z\xBC\xAF", "tệp nén 7-Zip"),
        ];
        if let Some((_, what)) = named.iter().find(|(magic, _)| head.starts_with(magic)) {
            return Magic::Named(what);
        }
        let text = String::from_utf8_lossy(head).to_lowercase();
        let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if start.starts_with('<') {
            if text.contains("urn:schemas-microsoft-com:office:spreadsheet")
                || text.contains("progid=\"excel.sheet\"")
            {
                return Magic::Xml2003;
            }
            if ["<html", "<!doctype html", "<table", "<meta", "<head"]
                .iter()
                .any(|tag| text.contains(tag))
            {
                return Magic::WebPage;
            }
        }
        Magic::Other
    }
}

/// Text, not binary: no NUL bytes and few control characters.
fn looks_like_text(head: &[u8]) -> bool {
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    !head.contains(&0) && control * 100 <= head.len()
}

/// A library's error reading the container: its English words are dropped,
/// the message says what it means for the clerk.
fn broken(_: impl std::fmt::Display) -> IngestError {
    IngestError::Broken { detail: None }
}

/// A zip: an .xlsx, an .ods, or something else packed; its sizes checked.
fn inspect_zip(path: &Path) -> Result<Container, IngestError> {
    let mut zip = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(broken)?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    // true for an .xlsx, false for an .ods
    let xlsx = if has("xl/workbook.xml") {
        true
    } else if has("xl/workbook.bin") {
        return Err(IngestError::Xlsb);
    } else if has("content.xml") && opendocument_type(&mut zip).contains("spreadsheet") {
        false
    } else if has("word/document.xml") {
        return Err(IngestError::NotSpreadsheet {
            what: "văn bản Word (.docx)",
        });
    } else if has("ppt/presentation.xml") {
        return Err(IngestError::NotSpreadsheet {
            what: "bản trình chiếu PowerPoint (.pptx)",
        });
    } else if has("content.xml") {
        return Err(IngestError::NotSpreadsheet {
            what: "văn bản OpenDocument (.odt)",
        });
    } else {
        return Err(IngestError::NotSpreadsheet {
            what: "tệp nén .zip",
        });
    };

    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(broken)?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let bomb = size > BOMB_SIZE && size / packed > BOMB_RATIO;
        total = total.saturating_add(size);
        if size > MAX_ENTRY_BYTES || total > MAX_UNZIPPED_BYTES || bomb {
            return Err(IngestError::ZipBomb {
                megabytes: size.max(total) >> 20,
            });
        }
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with("sharedstrings.xml") && size > MAX_SHARED_STRINGS_BYTES {
            return Err(IngestError::ZipBomb {
                megabytes: size >> 20,
            });
        }
    }
    if xlsx {
        check_shared_string_count(&mut zip)?;
        Ok(Container::Xlsx(OpenZip(zip)))
    } else {
        let merged = check_ods_grid(&mut zip)?;
        Ok(Container::Ods(merged))
    }
}

/// The `mimetype` entry of an OpenDocument file.
fn opendocument_type<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> String {
    let mut text = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(200).read_to_string(&mut text);
    }
    text
}

/// calamine reserves room for the `uniqueCount` the shared-strings table
/// declares; a forged count would exhaust memory. Each string takes at least
/// five bytes (`<si/>`), so a count above a fifth of the part is a lie.
fn check_shared_string_count<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), IngestError> {
    let Some(index) = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| n.is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")))
    }) else {
        return Ok(());
    };
    let entry = zip.by_index(index).map_err(broken)?;
    let size = entry.size();
    let mut head = Vec::new();
    entry.take(4096).read_to_end(&mut head).map_err(broken)?;
    let head = String::from_utf8_lossy(&head);
    let declared = head
        .split_once("uniqueCount=\"")
        .and_then(|(_, rest)| rest.split('"').next())
        .and_then(|n| n.trim().parse::<u64>().ok());
    match declared {
        Some(count) if count > size / 5 + 1 => Err(IngestError::Broken {
            detail: Some(format!(
                "bảng chuỗi khai báo {count} chuỗi nhưng chỉ dài {size} byte"
            )),
        }),
        _ => Ok(()),
    }
}

/// calamine expands an .ods sheet's repeated rows and columns into a full
/// grid: count that grid first, from `content.xml`, without building it.
/// The same pass notes the merged cells.
fn check_ods_grid<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<super::grid::OdsLayout, IngestError> {
    // The named cell styles first: content.xml's styles inherit from them.
    let fonts = match zip.by_name("styles.xml") {
        Ok(entry) => super::ods_fonts::OdsCellFonts::from_styles_part(BufReader::new(entry)),
        Err(_) => super::ods_fonts::OdsCellFonts::default(),
    };
    let entry = zip.by_name("content.xml").map_err(broken)?;
    let grid = super::grid::ods_grid(BufReader::new(entry), fonts).map_err(broken)?;
    if grid.cells > MAX_GRID_CELLS {
        return Err(IngestError::GridTooLarge {
            cells: grid.cells,
            limit: MAX_GRID_CELLS,
        });
    }
    Ok(grid.layout)
}

/// A compound file: an .xls (returned as a clean copy), an encrypted
/// workbook, or an old Word or PowerPoint file.
fn inspect_compound(path: &Path) -> Result<Container, IngestError> {
    let mut compound = cfb::open(path).map_err(broken)?;
    if compound.exists("EncryptedPackage") || compound.exists("EncryptionInfo") {
        return Err(IngestError::Password);
    }
    let Some(stream) = ["Workbook", "Book"]
        .into_iter()
        .find(|name| compound.is_stream(name))
    else {
        if compound.exists("WordDocument") {
            return Err(IngestError::NotSpreadsheet {
                what: "văn bản Word 97-2003 (.doc)",
            });
        }
        if compound.exists("PowerPoint Document") {
            return Err(IngestError::NotSpreadsheet {
                what: "bản trình chiếu PowerPoint (.ppt)",
            });
        }
        return Err(IngestError::Unknown);
    };
    let mut workbook = Vec::new();
    compound
        .open_stream(stream)
        .map_err(broken)?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut workbook)
        .map_err(broken)?;
    drop(compound);
    let super::biff::Guarded {
        cells,
        hidden_rows,
        cell_fonts,
    } = super::biff::guard_biff(&mut workbook).map_err(|e| IngestError::Broken {
        // dvk's own finding, in Vietnamese.
        detail: Some(e.to_string()),
    })?;
    if cells > MAX_GRID_CELLS {
        return Err(IngestError::GridTooLarge {
            cells,
            limit: MAX_GRID_CELLS,
        });
    }
    // calamine reads from a compound file: give it one with this stream only.
    let mut copy =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .map_err(broken)?;
    {
        let mut out = copy.create_stream(stream).map_err(broken)?;
        std::io::Write::write_all(&mut out, &workbook).map_err(broken)?;
    }
    copy.flush().map_err(broken)?;
    Ok(Container::Xls(XlsFile {
        compound: copy.into_inner().into_inner(),
        hidden_rows,
        cell_fonts,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_names_what_the_bytes_are() {
        assert_eq!(Magic::of(b"PK\x03\x04rest"), Magic::Zip);
        assert_eq!(
            Magic::of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Magic::Compound
        );
        assert_eq!(Magic::of(&[0x09, 0x04, 6, 0, 0, 0]), Magic::OldExcel);
        assert_eq!(Magic::of(b"%PDF-1.4"), Magic::Named("tài liệu PDF"));
        assert_eq!(Magic::of(b"\r\n<HTML><body>"), Magic::WebPage);
        assert_eq!(
            Magic::of(b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"),
            Magic::Xml2003
        );
        assert_eq!(Magic::of("STT;Tên mô hình".as_bytes()), Magic::Other);
    }

    #[test]
    fn text_is_told_from_binary() {
        assert!(looks_like_text("STT\tTên mô hình\r\n1\tA".as_bytes()));
        assert!(!looks_like_text(&[0x01, 0x02, 0x00, 0x9F, 0x10, 0x11]));
    }
}
