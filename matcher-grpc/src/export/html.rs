//! A printable page per cadre (A4, one student per block, boxes to tick as the cadre follows up), and an
//! index of the pages. Everything shown is escaped.

use std::fmt::Write;

use super::report::{CadreSection, Listed, Report};

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
.meta { color: #555; margin-bottom: 1.5em; }
section { border: 1px solid #bbb; border-radius: 6px; padding: 0.8em 1em; margin-bottom: 1.2em; page-break-inside: avoid; }
section h2 { font-size: 1.1em; margin: 0 0 0.3em 0; }
.profile { color: #444; font-size: 0.92em; margin-bottom: 0.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; }
td.rank { text-align: center; width: 2em; }
td.why { color: #333; font-size: 0.88em; }
td.follow { white-space: nowrap; font-size: 0.85em; }
.short { background: #fff4e5; border-left: 4px solid #e69500; padding: 0.4em 0.6em; margin-top: 0.5em; }
.score { color: #666; font-size: 0.85em; }
.apply { color: #2f6db5; font-size: 0.85em; }
footer { color: #777; font-size: 0.8em; margin-top: 2em; }
@media print { body { margin: 0.5cm; } a { color: inherit; text-decoration: none; } }
"#;

/// The page of one cadre.
pub fn page(report: &Report, section: &CadreSection) -> String {
    let cadre = section.cadre;
    // About 12 KB for a cadre of four students.
    let mut html = String::with_capacity(16 << 10);
    let title = format!("{}｜结对学生岗位推荐清单", cadre.name);
    let _ = write!(html, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = write!(html, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", esc(&title));
    let _ = writeln!(html, "<h1>{}</h1>", esc(&title));
    let place = [Some(report.school_name(&cadre.school)), cadre.college.clone()].into_iter().flatten();
    let _ = writeln!(
        html,
        "<div class=\"meta\">{}｜团干部编号 {}｜推荐日期 {}{}</div>",
        esc(&place.collect::<Vec<_>>().join(" ")),
        esc(cadre.id.as_str()),
        esc(&report.summary.day),
        if report.summary.campaigns.is_empty() {
            String::new()
        } else {
            format!("｜专场活动：{}", esc(&report.summary.campaigns.join("、")))
        }
    );
    for s in &section.students {
        let student = s.student;
        let who = match &student.name {
            Some(name) => format!("{}（{}）", esc(name), esc(student.id.as_str())),
            None => format!("学生 {}", esc(student.id.as_str())),
        };
        let _ = write!(html, "<section>\n<h2>{who}</h2>\n");
        let _ = writeln!(
            html,
            "<div class=\"profile\">{}｜{}｜{}｜{}｜求职意向：{}</div>",
            esc(&student.college),
            esc(&report.major_name(student)),
            student.education.zh(),
            student.cohort.zh(),
            esc(&student.intention)
        );
        if !s.result.recommendations.is_empty() {
            html.push_str(
                "<table>\n<tr><th>序</th><th>岗位</th><th>单位</th><th>地点</th><th>薪酬</th><th>截止</th>\
                 <th>推荐理由</th><th>跟进</th></tr>\n",
            );
        }
        for r in &s.result.recommendations {
            let posting = report.postings.get(&r.posting);
            // A posting's text straight into the page, escaped; nothing when it is not known.
            let cell = |html: &mut String, text: for<'p, 'q> fn(&'p Listed<'q>) -> &'p str| {
                if let Some(p) = posting {
                    esc_into(html, text(p));
                }
            };
            let _ = write!(html, "<tr><td class=\"rank\">{}</td><td>", r.rank);
            cell(&mut html, |p| &p.title);
            html.push_str("<div class=\"score\">");
            cell(&mut html, |p| p.kind.zh());
            html.push_str("｜匹配度 ");
            html.push_str(matcher_core::MatchLevel::of(r.score).zh());
            html.push_str("</div><div class=\"apply\">");
            cell(&mut html, |p| &p.how_to_apply);
            html.push_str("</div></td><td>");
            cell(&mut html, |p| &p.employer);
            html.push_str("</td><td>");
            cell(&mut html, |p| &p.place);
            html.push_str("</td><td>");
            cell(&mut html, |p| &p.pay);
            html.push_str("</td><td>");
            if let Some(p) = posting {
                match p.expires {
                    Some(day) => {
                        let _ = write!(html, "{day}");
                    }
                    None => html.push_str("长期"),
                }
            }
            html.push_str("</td><td class=\"why\">");
            esc_into(&mut html, &r.explanation);
            html.push_str("</td><td class=\"follow\">☐ 已推送<br>☐ 已投递<br>☐ 已面试<br>☐ 已录用</td></tr>\n");
        }
        if !s.result.recommendations.is_empty() {
            html.push_str("</table>\n");
        }
        if let Some(reason) = report.shortfall_text(s) {
            let _ = writeln!(
                html,
                "<div class=\"short\">仅推荐 {} 个岗位（要求至少 {} 个）：{}</div>",
                s.result.recommendations.len(),
                report.summary.minimum,
                esc(&reason)
            );
        }
        html.push_str("</section>\n");
    }
    html.push_str(
        "<footer>金桥（Jinqiao）岗位匹配｜请每周跟进一次，学生婉拒的岗位请反馈，系统不会再次推荐。</footer>\n</body>\n</html>\n",
    );
    html
}

/// The list of every cadre's page.
pub fn index(report: &Report) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>结对帮扶岗位推荐</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>结对帮扶岗位推荐（{}）</h1>\n",
        esc(&report.summary.day)
    );
    let s = report.summary;
    let _ = write!(
        html,
        "<div class=\"meta\">{} 名学生，{} 名获得至少 {} 个岗位，{} 名未推足</div>\n<table>\n\
         <tr><th>团干部</th><th>学校</th><th>学生数</th><th>未推足</th></tr>\n",
        s.students, s.with_two_or_more, s.minimum, s.shortfalls
    );
    for section in &report.cadres {
        let short = section.students.iter().filter(|s| s.result.shortfall.is_some()).count();
        let _ = writeln!(
            html,
            "<tr><td><a href=\"cadres/{id}.html\">{}</a></td><td>{}</td><td>{}</td><td>{short}</td></tr>",
            esc(&section.cadre.name),
            esc(&report.school_name(&section.cadre.school)),
            section.students.len(),
            id = esc(section.cadre.id.as_str()),
        );
    }
    html.push_str("</table>\n</body>\n</html>\n");
    html
}

/// HTML-escapes text (the library's, shared with the progress report's page).
pub use matcher_grpc::progress::escape as esc;
use matcher_grpc::progress::escape_into as esc_into;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(esc("<b>\"A&B\"</b>"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
        let mut page = String::from("<td>");
        esc_into(&mut page, "会计'助理'&<出纳>\"");
        assert_eq!(page, "<td>会计&#39;助理&#39;&amp;&lt;出纳&gt;&quot;");
        esc_into(&mut page, "");
        esc_into(&mut page, "岗位");
        assert_eq!(page, "<td>会计&#39;助理&#39;&amp;&lt;出纳&gt;&quot;岗位");
    }
}
