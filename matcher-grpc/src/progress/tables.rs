//! The report as tables: one per breakdown, with Chinese headers and a totals row. The XLSX sheets, the CSV
//! files and the HTML page's tables are all written from these, so their figures agree.

use chrono::NaiveDate;
use matcher_core::{kind_names, source_names, ProgressReport, Row, Tally};

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(usize),
    /// A number with one decimal.
    Decimal(f64),
    /// A share, shown as a percentage.
    Share(f64),
    /// A day.
    Day(NaiveDate),
    /// A count withheld to protect people (too few on one side).
    Withheld,
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as text (CSV, HTML).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Decimal(x) => format!("{x:.1}"),
            Cell::Share(x) => format!("{:.1}%", x * 100.0),
            Cell::Day(d) => d.to_string(),
            Cell::Withheld => "*".to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn opt_count(n: Option<usize>) -> Cell {
        n.map_or(Cell::Withheld, Cell::Count)
    }
}

/// What a withheld cell means, printed under each table that has one.
pub const WITHHELD_NOTE: &str = "* 不予显示，以免指向个人：人数过少（任一方不足规定人数），或自上次发布以来变动过少，或可由其他数字推算出不显示的数。低收入家庭学生与学校推荐人数按月末发布。";

/// One breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name (XLSX tab, HTML heading).
    pub name: &'static str,
    /// The CSV file's name.
    pub file: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// Column widths in characters (XLSX).
    pub widths: Vec<f64>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// The totals row, when the rows add up to one.
    pub totals: Option<Vec<Cell>>,
}

impl Sheet {
    /// True when a cell of the sheet is withheld.
    pub fn has_withheld(&self) -> bool {
        self.rows.iter().chain(self.totals.iter()).flatten().any(|c| *c == Cell::Withheld)
    }
}

fn tally_headers(report: &ProgressReport, low_income: bool) -> Vec<String> {
    let mut headers: Vec<String> = vec![
        "结对学生".into(),
        "本月新结对".into(),
        "尚无帮扶记录".into(),
        format!("已推送≥{}个岗位", report.postings_per_student),
        format!("近{}天有联系", report.contact_days),
        "已投递".into(),
        "已面试".into(),
        "已落实去向".into(),
        "已就业".into(),
        "本月新增就业".into(),
        "仍在求职".into(),
    ];
    if low_income {
        headers.push("低收入家庭学生".into());
        headers.push("其中已就业".into());
    }
    headers
}

fn tally_cells(t: &Tally, low_income: bool) -> Vec<Cell> {
    let mut cells: Vec<Cell> = [
        t.paired,
        t.new_pairs,
        t.no_record,
        t.sent_enough,
        t.contacted,
        t.applied,
        t.interviewed,
        t.settled,
        t.employed,
        t.new_employed,
        t.seeking,
    ]
    .into_iter()
    .map(Cell::Count)
    .collect();
    if low_income {
        cells.push(Cell::opt_count(t.low_income));
        cells.push(Cell::opt_count(t.low_income_employed));
    }
    cells
}

fn breakdown(
    report: &ProgressReport,
    spec: (&'static str, &'static str),
    lead: &[&str],
    rows: &[Row],
    lead_cells: &dyn Fn(&Row) -> Vec<Cell>,
    low_income: bool,
    quota: bool,
) -> Sheet {
    let mut headers: Vec<String> = lead.iter().map(|h| h.to_string()).collect();
    if quota {
        headers.push("结对指标".into());
    }
    headers.extend(tally_headers(report, low_income));
    let mut widths: Vec<f64> = lead.iter().map(|_| 24.0).collect();
    widths.resize(headers.len(), 11.0);
    let mut body = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = lead_cells(row);
        if quota {
            cells.push(row.quota.map_or(Cell::Empty, Cell::Count));
        }
        cells.extend(tally_cells(&row.tally, low_income));
        body.push(cells);
    }
    let mut totals = vec![Cell::Text("合计".into())];
    totals.resize(lead.len(), Cell::Empty);
    if quota {
        let quotas: Vec<usize> = rows.iter().filter_map(|r| r.quota).collect();
        totals.push(if quotas.is_empty() { Cell::Empty } else { Cell::Count(quotas.iter().sum()) });
    }
    totals.extend(tally_cells(&report.totals, low_income));
    Sheet { name: spec.0, file: spec.1, headers, widths, rows: body, totals: Some(totals) }
}

/// Every table of the report, in the order of the workbook's sheets.
pub fn sheets(report: &ProgressReport) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_string());
    let mut all = Vec::new();

    let targets: Vec<Vec<Cell>> = report
        .targets
        .iter()
        .map(|t| {
            let share_target = t.key == "community_branch_share";
            let amount = |x: f64| if share_target { Cell::Share(x) } else { Cell::Count(x.round().max(0.0) as usize) };
            vec![
                text(t.name),
                amount(t.target),
                t.achieved.map_or(Cell::Empty, amount),
                t.share.map_or(Cell::Empty, Cell::Share),
                Cell::Count(t.months_left as usize),
                t.needed_per_month.map_or(Cell::Empty, Cell::Decimal),
                t.pace_per_month.map_or(Cell::Empty, Cell::Decimal),
                t.projected.map_or(Cell::Empty, Cell::Decimal),
                t.on_track.map_or(Cell::Empty, |ok| text(if ok { "是" } else { "否" })),
                t.note.as_deref().map_or(Cell::Empty, text),
            ]
        })
        .collect();
    all.push(Sheet {
        name: "目标进度",
        file: "targets.csv",
        headers: [
            "指标",
            "目标",
            "已完成",
            "完成率",
            "剩余月数",
            "每月需完成",
            "近三月月均",
            "按此进度年底可达",
            "能否完成",
            "说明",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![34.0, 10.0, 10.0, 10.0, 10.0, 12.0, 12.0, 16.0, 10.0, 50.0],
        rows: targets,
        totals: None,
    });

    let mut overview: Vec<Vec<Cell>> = Vec::new();
    for (header, cell) in tally_headers(report, true).into_iter().zip(tally_cells(&report.totals, true)) {
        overview.push(vec![text("结对帮扶"), Cell::Text(header), cell]);
    }
    for count in &report.composition {
        overview.push(vec![text("结对学生构成"), text(&count.name), Cell::opt_count(count.students)]);
    }
    for d in &report.destinations {
        let name = if d.counts_as_employed { d.name.to_string() } else { format!("{}（不计入就业）", d.name) };
        overview.push(vec![text("去向"), Cell::Text(name), Cell::Count(d.students)]);
    }
    all.push(Sheet {
        name: "全省汇总",
        file: "overview.csv",
        headers: ["类别", "指标", "人数"].map(String::from).to_vec(),
        widths: vec![14.0, 36.0, 10.0],
        rows: overview,
        totals: None,
    });

    all.push(breakdown(
        report,
        ("按市州", "by_city.csv"),
        &["市州"],
        &report.by_city,
        &|r| vec![text(&r.name)],
        true,
        false,
    ));
    all.push(breakdown(
        report,
        ("按学校", "by_school.csv"),
        &["学校", "所在市州"],
        &report.by_school,
        &|r| vec![text(&r.name), text(&r.within)],
        true,
        true,
    ));
    all.push(breakdown(
        report,
        ("按学院", "by_college.csv"),
        &["学院", "学校"],
        &report.by_college,
        &|r| vec![text(&r.name), text(&r.within)],
        false,
        false,
    ));
    all.push(breakdown(
        report,
        ("按团干部", "by_cadre.csv"),
        &["团干部编号", "姓名", "学校"],
        &report.by_cadre,
        &|r| vec![text(&r.key), text(&r.name), text(&r.within)],
        false,
        false,
    ));

    let months: Vec<Vec<Cell>> = report
        .months
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.month.zh()),
                Cell::Day(m.until),
                Cell::Count(m.new_pairs),
                Cell::Count(m.paired),
                Cell::Count(m.contacted),
                Cell::Count(m.new_employed),
                Cell::Count(m.employed),
                Cell::opt_count(m.low_income_employed),
                Cell::Count(m.postings_collected),
                Cell::Count(m.postings_sent),
            ]
        })
        .collect();
    all.push(Sheet {
        name: "逐月进展",
        file: "months.csv",
        headers: [
            "月份",
            "统计截至",
            "新结对",
            "结对累计",
            "当月联系学生",
            "新增就业",
            "就业累计",
            "低收入家庭学生就业累计",
            "当月收集岗位",
            "当月推送岗位",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![12.0, 12.0, 10.0, 10.0, 12.0, 10.0, 10.0, 22.0, 12.0, 12.0],
        rows: months,
        totals: None,
    });

    let quiet: Vec<Vec<Cell>> = report
        .quiet_cadres
        .iter()
        .map(|q| {
            vec![
                text(&q.cadre),
                text(&q.name),
                text(&q.school),
                Cell::Count(q.seeking),
                Cell::Count(q.not_contacted.len()),
                Cell::Text(q.not_contacted.join("、")),
                q.last_contact.map_or(Cell::Empty, Cell::Day),
            ]
        })
        .collect();
    all.push(Sheet {
        name: "超期未联系",
        file: "quiet_cadres.csv",
        headers: vec![
            "团干部编号".into(),
            "姓名".into(),
            "学校".into(),
            "求职中的结对学生".into(),
            format!("{}天未联系", report.contact_days),
            "未联系学生编号".into(),
            "最近一次联系".into(),
        ],
        widths: vec![12.0, 10.0, 24.0, 16.0, 12.0, 40.0, 14.0],
        rows: quiet,
        totals: None,
    });

    let short: Vec<Vec<Cell>> = report
        .short
        .iter()
        .map(|s| vec![text(&s.student), text(&s.cadre), text(&s.school), Cell::Count(s.sent), text(s.reason.zh())])
        .collect();
    all.push(Sheet {
        name: "推送不足",
        file: "short.csv",
        headers: vec![
            "学生编号".into(),
            "团干部编号".into(),
            "学校".into(),
            "已推送岗位".into(),
            format!("不足{}个的原因与下一步", report.postings_per_student),
        ],
        widths: vec![12.0, 12.0, 24.0, 12.0, 70.0],
        rows: short,
        totals: None,
    });

    let posting_cells = |row: &matcher_core::PostingsRow, name: Cell| {
        let mut cells = vec![name, Cell::Count(row.collected)];
        cells.extend(row.by_source.iter().map(|&n| Cell::Count(n)));
        cells.extend(row.by_kind.iter().map(|&n| Cell::Count(n)));
        cells.push(Cell::Count(row.sent));
        cells
    };
    let mut headers: Vec<String> = vec!["地区".into(), "收集岗位".into()];
    headers.extend(source_names().iter().map(|s| format!("来源：{s}")));
    headers.extend(kind_names().iter().map(|k| format!("类型：{k}")));
    headers.push("已推送给学生".into());
    let mut widths = vec![20.0, 10.0];
    widths.resize(headers.len(), 12.0);
    all.push(Sheet {
        name: "岗位收集",
        file: "postings.csv",
        headers,
        widths,
        rows: report.postings.iter().map(|r| posting_cells(r, text(&r.name))).collect(),
        totals: Some(posting_cells(&report.postings_total, text("合计"))),
    });
    all
}
