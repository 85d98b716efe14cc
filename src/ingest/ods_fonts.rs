//! The fonts of an .ods workbook's cell styles, read from `styles.xml` and
//! the automatic styles of `content.xml`: which styles type their text in
//! a legacy Vietnamese font (.VnTime, VNI-Times). calamine gives no styles
//! for .ods, and without them TCVN3 text that also reads as Unicode ("An
//! Phó" for "An Phú") would stay as typed, as it does not in .xlsx or .xls.

use super::legacy_text::{font_hint, FontHint};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::BufRead;

/// A style's parents are followed this far: a loop in a broken file ends.
const MAX_STYLE_DEPTH: usize = 16;

/// One cell style: its own font if it names one, and the style it inherits
/// the rest from.
#[derive(Debug, Default)]
struct CellStyle {
    parent: Option<String>,
    /// `Some(None)`: a Unicode font, which hides a legacy parent's.
    font: Option<Option<FontHint>>,
}

/// The cell styles of an .ods, by name, with their fonts.
#[derive(Debug, Default)]
pub struct OdsCellFonts {
    /// `style:font-face` names and the font family each stands for.
    faces: HashMap<String, String>,
    styles: HashMap<String, CellStyle>,
    /// The `style:default-style` of cells, under every named style.
    default: Option<FontHint>,
    /// The cell style whose properties are being read (`None` at the
    /// default style), while inside one.
    open: Option<Option<String>>,
    /// Some style, or the default, names a legacy font: until one does, no
    /// cell needs looking up.
    any_legacy: bool,
}

impl OdsCellFonts {
    /// The styles of `styles.xml`; a part that does not parse gives what
    /// was read before the fault (a font is a hint, never a reason to
    /// refuse a file).
    pub fn from_styles_part<R: BufRead>(styles: R) -> Self {
        let mut fonts = Self::default();
        let mut reader = quick_xml::Reader::from_reader(styles);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => fonts.element(&e, false),
                Ok(Event::Empty(e)) => fonts.element(&e, true),
                Ok(Event::End(e)) => fonts.end(e.name().as_ref()),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        fonts
    }

    /// Notes a font face, a cell style or its text properties; other
    /// elements are ignored. `closed`: an empty element (`<… />`).
    pub fn element(&mut self, e: &BytesStart<'_>, closed: bool) {
        match e.name().as_ref() {
            "style:font-face" => {
                if let (Some(name), Some(family)) =
                    (attribute(e, "style:name"), attribute(e, "svg:font-family"))
                {
                    self.faces.insert(name, unquoted(&family).to_owned());
                }
            }
            "style:style" if attribute(e, "style:family").as_deref() == Some("table-cell") => {
                let Some(name) = attribute(e, "style:name") else {
                    return;
                };
                let style = CellStyle {
                    parent: attribute(e, "style:parent-style-name"),
                    font: None,
                };
                self.styles.insert(name.clone(), style);
                self.open = (!closed).then_some(Some(name));
            }
            "style:default-style"
                if attribute(e, "style:family").as_deref() == Some("table-cell") =>
            {
                self.open = (!closed).then_some(None);
            }
            "style:text-properties" => {
                let Some(open) = &self.open else {
                    return;
                };
                let named = attribute(e, "style:font-name").map(|face| {
                    let family = self.faces.get(&face).map_or(face.as_str(), String::as_str);
                    font_hint(family).or_else(|| font_hint(&face))
                });
                let font = named.or_else(|| {
                    attribute(e, "fo:font-family").map(|family| font_hint(unquoted(&family)))
                });
                self.any_legacy |= matches!(font, Some(Some(_)));
                match (open, font) {
                    (_, None) => {}
                    (None, Some(font)) => self.default = font,
                    (Some(name), Some(font)) => {
                        if let Some(style) = self.styles.get_mut(name) {
                            style.font = Some(font);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The end of an element: a style's properties end with it.
    pub fn end(&mut self, name: &str) {
        if matches!(name, "style:style" | "style:default-style") {
            self.open = None;
        }
    }

    /// The legacy font a cell of `style` (or of no style) is typed in.
    pub fn hint(&self, style: Option<&str>) -> Option<FontHint> {
        let mut name = style;
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(style) = name.and_then(|n| self.styles.get(n)) else {
                break;
            };
            if let Some(font) = style.font {
                return font;
            }
            name = style.parent.as_deref();
        }
        self.default
    }

    /// Whether any style, or the default, names a legacy font.
    pub fn any_legacy(&self) -> bool {
        self.any_legacy
    }
}

/// An attribute's value, entities resolved; `None` when absent or broken.
pub(super) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(std::borrow::Cow::into_owned)
    })
}

/// A family as `svg:font-family` may quote it: "'.VnTime'".
fn unquoted(family: &str) -> &str {
    family.trim().trim_matches(['\'', '"']).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::legacy_text::LegacyEncoding;

    #[test]
    fn a_cell_style_takes_its_font_from_its_face_its_parents_or_the_default() {
        let styles = r#"<office:document-styles>
            <office:font-face-decls>
              <style:font-face style:name="VnTime1" svg:font-family="&apos;.VnTime&apos;"/>
              <style:font-face style:name="Times New Roman" svg:font-family="&apos;Times New Roman&apos;"/>
            </office:font-face-decls>
            <office:styles>
              <style:default-style style:family="table-cell"><style:text-properties style:font-name="VnTime1"/></style:default-style>
              <style:style style:name="Default" style:family="table-cell"/>
              <style:style style:name="Unicode" style:family="table-cell" style:parent-style-name="Default"><style:text-properties style:font-name="Times New Roman"/></style:style>
              <style:style style:name="Caps" style:family="table-cell"><style:text-properties fo:font-family=".VnTimeH"/></style:style>
              <style:style style:name="Loop" style:family="table-cell" style:parent-style-name="Loop"/>
              <style:style style:name="P1" style:family="paragraph"><style:text-properties style:font-name="Times New Roman"/></style:style>
            </office:styles>
        </office:document-styles>"#;
        let fonts = OdsCellFonts::from_styles_part(styles.as_bytes());
        let tcvn3 = Some(FontHint {
            encoding: LegacyEncoding::Tcvn3,
            capitals: false,
        });
        assert!(fonts.any_legacy());
        // The default style's face, named "VnTime1", is the family .VnTime.
        assert_eq!(fonts.hint(None), tcvn3);
        assert_eq!(fonts.hint(Some("Default")), tcvn3);
        assert_eq!(fonts.hint(Some("Unknown")), tcvn3);
        // A Unicode font hides the default's; a paragraph style is no cell's.
        assert_eq!(fonts.hint(Some("Unicode")), None);
        assert_eq!(
            fonts.hint(Some("Caps")),
            Some(FontHint {
                encoding: LegacyEncoding::Tcvn3,
                capitals: true
            })
        );
        assert_eq!(fonts.hint(Some("Loop")), tcvn3);
    }

    #[test]
    fn a_workbook_in_unicode_fonts_needs_no_lookups() {
        let styles = r#"<office:styles>
            <style:default-style style:family="table-cell"><style:text-properties style:font-name="Liberation Sans"/></style:default-style>
            <style:style style:name="Default" style:family="table-cell"/>
        </office:styles>"#;
        let fonts = OdsCellFonts::from_styles_part(styles.as_bytes());
        assert!(!fonts.any_legacy());
        assert_eq!(fonts.hint(Some("Default")), None);
    }
}
