//! The report's charts as inline SVG (no script, no font file, no library): progress against each target with
//! the share of the year gone by, the months (new pairs and hires as bars, the employed so far as lines) and
//! the employed by city. Every number drawn is printed beside it.

use std::fmt::Write;

use matcher_core::ProgressReport;

/// Text made safe inside SVG and HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`. The text is copied a stretch at a time, between the characters replaced.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut plain = 0;
    while let Some(found) = bytes[plain..].iter().position(|&b| MARKED[usize::from(b)]) {
        let at = plain + found;
        // Each of them is one byte of ASCII, so `at` is a character boundary.
        out.push_str(&text[plain..at]);
        out.push_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

/// The bytes [`escape_into`] replaces, as a table (a byte is tested with one look-up).
const MARKED: [bool; 256] = {
    let mut marked = [false; 256];
    marked[b'&' as usize] = true;
    marked[b'<' as usize] = true;
    marked[b'>' as usize] = true;
    marked[b'"' as usize] = true;
    marked[b'\'' as usize] = true;
    marked
};

const BLUE: &str = "#2f6db5";
const GREEN: &str = "#2e9b5f";
const ORANGE: &str = "#d9822b";
const GREY: &str = "#c9d3df";
const INK: &str = "#1f2933";

fn open(width: u32, height: u32, label: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"12\">",
        escape(label)
    )
}

/// Bars of each measured target: the share reached, and a mark at the share of the year gone by.
pub fn targets(report: &ProgressReport) -> String {
    let measured: Vec<_> = report.targets.iter().filter(|t| t.achieved.is_some()).collect();
    let (width, left, bar) = (720u32, 230u32, 320.0);
    let height = 30 + 46 * measured.len() as u32;
    let year = (report.deadline - report.start).num_days().max(1) as f64;
    let gone = ((report.as_of - report.start).num_days() as f64 / year).clamp(0.0, 1.0);
    let mut svg = open(width, height, "目标进度");
    let _ = write!(svg, "<text x=\"{left}\" y=\"14\" fill=\"{INK}\">时间进度 {:.0}%（竖线）</text>", gone * 100.0);
    for (i, t) in measured.iter().enumerate() {
        let y = 26 + 46 * i as u32;
        let share = t.share.unwrap_or(0.0);
        let filled = (share.clamp(0.0, 1.0) * bar).max(if share > 0.0 { 1.0 } else { 0.0 });
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" fill=\"{INK}\">{}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{bar}\" height=\"18\" fill=\"{GREY}\"/>\
             <rect class=\"bar\" x=\"{left}\" y=\"{y}\" width=\"{filled:.1}\" height=\"18\" fill=\"{}\"/>\
             <line x1=\"{mark:.1}\" y1=\"{}\" x2=\"{mark:.1}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"2\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{} / {}（{:.1}%）</text>",
            y + 13,
            escape(t.name),
            if t.on_track == Some(true) { GREEN } else { ORANGE },
            y - 3,
            y + 21,
            left as f64 + bar + 8.0,
            y + 13,
            amount(t, t.achieved.unwrap_or(0.0)),
            amount(t, t.target),
            share * 100.0,
            mark = left as f64 + gone * bar,
        );
        let below = match (t.pace_per_month, t.note.as_deref()) {
            (Some(pace), _) => {
                format!("每月需完成 {:.1}，近三月月均 {pace:.1}", t.needed_per_month.unwrap_or(0.0))
            }
            (None, Some(note)) => note.to_string(),
            (None, None) => String::new(),
        };
        let _ = write!(
            svg,
            "<text x=\"{left}\" y=\"{}\" fill=\"#52606d\" font-size=\"11\">{}</text>",
            y + 33,
            escape(&below)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A target's amount as people read it: a count, or a share of branches as a percentage.
fn amount(t: &matcher_core::TargetProgress, x: f64) -> String {
    if t.key == "community_branch_share" {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{x:.0}")
    }
}

fn nice_max(value: usize) -> usize {
    let value = value.max(1);
    let magnitude = 10usize.pow((value as f64).log10().floor() as u32);
    [1, 2, 5, 10].iter().map(|m| m * magnitude).find(|&m| m >= value).unwrap_or(value)
}

/// The months: new pairs and new hires as bars, the employed and the low-income employed so far as lines.
pub fn months(report: &ProgressReport) -> String {
    let rows = &report.months;
    let (width, height, left, top, bottom) = (720.0, 300.0, 48.0, 34.0, 40.0);
    let plot_h = height - top - bottom;
    let max = rows.iter().map(|m| m.new_pairs.max(m.new_employed).max(m.employed)).max().unwrap_or(0);
    let max = nice_max(max) as f64;
    let slot = (width - left - 10.0) / rows.len().max(1) as f64;
    let y = |v: usize| top + plot_h - v as f64 / max * plot_h;
    let mut svg = open(width as u32, height as u32, "逐月进展");
    let legend = [(BLUE, "新结对"), (GREEN, "新增就业"), (INK, "就业累计"), (ORANGE, "低收入家庭学生就业累计")];
    let mut x = left;
    for (colour, name) in legend {
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" fill=\"{INK}\">{name}</text>",
            x + 16.0
        );
        x += 30.0 + name.chars().count() as f64 * 12.0;
    }
    for i in 0..=4 {
        let v = (max as usize) * i / 4;
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"#e4e7eb\"/><text x=\"{2}\" y=\"{3:.1}\" \
             text-anchor=\"end\" fill=\"#52606d\">{v}</text>",
            y(v),
            width - 10.0,
            left - 6.0,
            y(v) + 4.0
        );
    }
    let bar = (slot * 0.3).min(22.0);
    let mut employed_line = Vec::new();
    let mut low_income_line = Vec::new();
    for (i, m) in rows.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        for (offset, value, colour) in [(-bar, m.new_pairs, BLUE), (0.0, m.new_employed, GREEN)] {
            let _ = write!(
                svg,
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}</title></rect>",
                cx + offset,
                y(value),
                top + plot_h - y(value),
                value
            );
        }
        employed_line.push(format!("{cx:.1},{:.1}", y(m.employed)));
        // Only the months whose count was released: the line joins them.
        if let Some(count) = m.low_income_employed {
            low_income_line.push(format!("{cx:.1},{:.1}", y(count)));
        }
        let _ = write!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#52606d\">{}</text>",
            height - bottom + 16.0,
            escape(&format!("{}", m.month).replacen('-', ".", 1))
        );
    }
    for (points, colour) in [(employed_line, INK), (low_income_line, ORANGE)] {
        let _ = write!(
            svg,
            "<polyline class=\"line\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            points.join(" ")
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The employed by city (of the school), with the paired behind them.
pub fn cities(report: &ProgressReport) -> String {
    let rows = &report.by_city;
    let (width, left, bar_w) = (720.0, 150.0, 440.0);
    let height = 30.0 + 24.0 * rows.len() as f64;
    let max = nice_max(rows.iter().map(|r| r.tally.paired).max().unwrap_or(0)) as f64;
    let mut svg = open(width as u32, height as u32, "各市州结对与就业");
    let _ = write!(
        svg,
        "<rect x=\"{left}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{GREY}\"/><text x=\"{}\" y=\"14\" fill=\"{INK}\">结对学生</text>\
         <rect x=\"{}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{GREEN}\"/><text x=\"{}\" y=\"14\" fill=\"{INK}\">已就业</text>",
        left + 16.0,
        left + 90.0,
        left + 106.0
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 26.0 + 24.0 * i as f64;
        let paired = row.tally.paired as f64 / max * bar_w;
        let employed = row.tally.employed as f64 / max * bar_w;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{INK}\">{}</text>\
             <rect x=\"{left}\" y=\"{y:.1}\" width=\"{paired:.1}\" height=\"16\" fill=\"{GREY}\"/>\
             <rect class=\"bar\" x=\"{left}\" y=\"{y:.1}\" width=\"{employed:.1}\" height=\"16\" fill=\"{GREEN}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\">{} / {}</text>",
            left - 8.0,
            y + 12.0,
            escape(&row.name),
            left + paired.max(employed) + 6.0,
            y + 12.0,
            row.tally.employed,
            row.tally.paired
        );
    }
    svg.push_str("</svg>");
    svg
}
