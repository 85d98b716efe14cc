//! How wide a text prints in Times New Roman, the font of every table dvk
//! writes, and how many lines it wraps to in a column: the docx and xlsx
//! renderers size their columns and rows by it.
//!
//! An estimate from the font's advance widths (Adobe's Times metrics, which
//! Times New Roman follows to within a few percent), never a layout engine:
//! callers leave a little room to spare.

use unicode_normalization::char::decompose_canonical;

/// Advance widths of ASCII 32..=126 in thousandths of an em: Times Roman.
const REGULAR: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // ' '../
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // 0..?
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // @..O
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // P.._
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // `..o
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // p..~
];

/// The same for Times Bold.
const BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, // ' '../
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, // 0..?
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, // @..O
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, // P.._
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, // `..o
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520, // p..~
];

/// Width of one character in thousandths of an em. A Vietnamese letter is
/// as wide as its base letter ("ế" as "e", "đ" as "d"); a horn ("ơ", "ư")
/// sticks out a little to the right.
fn advance(c: char, bold: bool) -> u16 {
    let table = if bold { &BOLD } else { &REGULAR };
    let ascii = |c: char| match c {
        ' '..='~' => Some(table[c as usize - 32]),
        _ => None,
    };
    if let Some(w) = ascii(c) {
        return w;
    }
    let mut base = None;
    let mut horn = false;
    decompose_canonical(c, |part| match part {
        '\u{31B}' => horn = true,
        _ if base.is_none() => base = Some(part),
        _ => {}
    });
    let base = base.unwrap_or(c);
    let extra = if horn { 80 } else { 0 };
    match base {
        _ if ascii(base).is_some() && base != c => ascii(base).unwrap_or(500) + extra,
        'đ' => table[b'd' as usize - 32],
        'Đ' => table[b'D' as usize - 32],
        // Combining marks take no room of their own.
        '\u{300}'..='\u{36F}' => 0,
        '“' | '”' => 444,
        '‘' | '’' => 333,
        '–' => 500,
        '—' | '…' => 1000,
        '²' | '³' => 300,
        '\u{a0}' => 250,
        _ if bold => 556,
        _ => 500,
    }
}

/// A column heading's words and its unit: "Tổng kinh phí (triệu đồng)" is
/// ("Tổng kinh phí", Some("(triệu đồng)")). Tables print the unit on a
/// line of its own rather than break inside it.
pub fn heading_unit(heading: &str) -> (&str, Option<&str>) {
    match heading.rsplit_once(" (") {
        Some((words, _)) if !words.is_empty() && heading.ends_with(')') => {
            (words, Some(&heading[words.len() + 1..]))
        }
        _ => (heading, None),
    }
}

/// A text's width in points, on one line.
pub fn width_pt(text: &str, size_pt: f64, bold: bool) -> f64 {
    let thousandths: u64 = text.chars().map(|c| u64::from(advance(c, bold))).sum();
    thousandths as f64 * size_pt / 1000.0
}

/// The widest word of a text, in points: the least a column may be wide
/// for the text to wrap only between words. A path may break after a
/// slash: its words are its folders' names.
pub fn widest_word_pt(text: &str, size_pt: f64, bold: bool) -> f64 {
    text.split_whitespace()
        .flat_map(|w| w.split_inclusive(['/', '\\']))
        .map(|w| width_pt(w, size_pt, bold))
        .fold(0.0, f64::max)
}

/// Lines a text takes in a column `room_pt` wide, wrapped as Word and Excel
/// wrap: between words, a word wider than the column broken where it must;
/// each "\n" starts a new line.
pub fn wrapped_lines(text: &str, room_pt: f64, size_pt: f64, bold: bool) -> usize {
    let space = width_pt(" ", size_pt, bold);
    let room = room_pt.max(size_pt);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut line = 0.0_f64;
            for word in paragraph.split_whitespace() {
                let mut word_width = width_pt(word, size_pt, bold);
                let needed = if line > 0.0 {
                    line + space + word_width
                } else {
                    word_width
                };
                if needed <= room {
                    line = needed;
                    continue;
                }
                if line > 0.0 {
                    lines += 1;
                }
                // A word wider than the column fills whole lines of its own.
                while word_width > room {
                    lines += 1;
                    word_width -= room;
                }
                line = word_width;
            }
            lines
        })
        .sum()
}

/// The narrowest width at which a text wraps to at most `lines` lines,
/// breaking only between words, and the text's lines at that width, as
/// evenly long as they can be: "Số mô hình" over "hiệu quả", not
/// "Số mô hình hiệu" over "quả" (a break after a comma is preferred).
pub fn balanced_lines(text: &str, lines: usize, size_pt: f64, bold: bool) -> (f64, Vec<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return (0.0, vec![String::new()]);
    }
    let lines = lines.clamp(1, words.len());
    // Try every way to cut the words into `lines` runs; headings are a few
    // words, so this is small. Ties go to the later cut: a longer first line.
    let mut best: Option<(f64, f64, Vec<usize>)> = None;
    let mut cuts: Vec<usize> = (1..lines).collect();
    loop {
        let mut bounds = vec![0];
        bounds.extend(&cuts);
        bounds.push(words.len());
        let widest = bounds
            .windows(2)
            .map(|b| width_pt(&words[b[0]..b[1]].join(" "), size_pt, bold))
            .fold(0.0, f64::max);
        // A break after a comma reads best ("Lượt cơ quan," over "đơn vị
        // tham gia"): it may make the lines a little longer.
        let after_commas = cuts.iter().all(|&c| words[c - 1].ends_with(','));
        let score = if after_commas { widest * 0.85 } else { widest };
        if best.as_ref().is_none_or(|(s, _, _)| score <= *s) {
            best = Some((score, widest, bounds));
        }
        // The next combination of cut positions in 1..words.len().
        let mut i = cuts.len();
        loop {
            if i == 0 {
                let (_, width, bounds) = best.unwrap_or_default();
                let text_lines = bounds.windows(2).map(|b| words[b[0]..b[1]].join(" "));
                return (width, text_lines.collect());
            }
            i -= 1;
            if cuts[i] < words.len() - (cuts.len() - i) {
                cuts[i] += 1;
                for j in i + 1..cuts.len() {
                    cuts[j] = cuts[j - 1] + 1;
                }
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        // (text, bold, width at 10 pt)
        let cases = [
            ("0", false, 5.0),
            ("STT", true, 5.56 + 6.67 + 6.67),
            ("Số", false, 5.56 + 5.0),
            ("ươ", false, 5.8 + 5.8),
            ("Đ", true, 7.22),
            ("a\u{301}", false, 4.44),
        ];
        for (text, bold, expected) in cases {
            let width = width_pt(text, 10.0, bold);
            assert!((width - expected).abs() < 0.01, "{text}: {width}");
        }
    }

    #[test]
    fn a_text_wraps_between_words() {
        let one = width_pt("Số công trình", 11.0, true);
        // (room, lines)
        let cases = [
            (one + 0.1, 1),
            (one - 0.1, 2),
            (width_pt("trình", 11.0, true) + 0.1, 3),
        ];
        for (room, expected) in cases {
            assert_eq!(
                wrapped_lines("Số công trình", room, 11.0, true),
                expected,
                "{room}"
            );
        }
        assert_eq!(wrapped_lines("a\nb", 100.0, 11.0, false), 2);
        // A word wider than the column is broken.
        let path = "huyen-001/xa-00042.xlsx";
        let half = width_pt(path, 12.0, false) / 2.0 + 1.0;
        assert_eq!(wrapped_lines(path, half, 12.0, false), 2);
    }

    #[test]
    fn balanced_lines_are_evenly_long() {
        let cases: [(&str, usize, &[&str]); 4] = [
            ("Số mô hình hiệu quả", 2, &["Số mô hình", "hiệu quả"]),
            ("Ngân sách nhà nước", 2, &["Ngân sách", "nhà nước"]),
            ("Số công trình", 1, &["Số công trình"]),
            (
                "Lượt cơ quan, đơn vị tham gia",
                2,
                &["Lượt cơ quan,", "đơn vị tham gia"],
            ),
        ];
        for (text, lines, expected) in cases {
            let (width, got) = balanced_lines(text, lines, 11.0, true);
            assert_eq!(got, expected, "{text}");
            let widest = got
                .iter()
                .map(|l| width_pt(l, 11.0, true))
                .fold(0.0, f64::max);
            assert!((width - widest).abs() < 1e-9);
            assert_eq!(wrapped_lines(text, width, 11.0, true), lines, "{text}");
        }
    }
}
