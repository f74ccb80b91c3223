//! The sample's 创业帮扶 register (`projects.csv`): projects the sample's schools put forward, in every field,
//! stated or to be read from the industry and words, with leads the plan funds and a few it does not.

use std::fmt::Write as _;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::Student;

/// The register's file name.
pub const PROJECTS_FILE: &str = "projects.csv";
/// The mentor register's file name.
pub const MENTORS_FILE: &str = "mentors.csv";

/// Where the sample's mentors work (长沙, 株洲, 湘潭, 衡阳, 邵阳, 岳阳, 常德, 湘西).
const MENTOR_PLACES: [&str; 8] = ["430100", "430200", "430300", "430400", "430500", "430600", "430700", "433100"];
const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

/// The mentor register's text: 30 mentors over the province, each advising a field or any.
pub(crate) fn mentors_file(seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x03e4_70a5);
    let mut out = String::from("id,name,fields,place,capacity\n");
    for i in 1..=30 {
        let surname = SURNAMES.choose(&mut rng).copied().unwrap_or("王");
        let fields = ["硬核科技", "乡村振兴", "其他", ""].choose(&mut rng).copied().unwrap_or("");
        let place = MENTOR_PLACES.choose(&mut rng).copied().unwrap_or("430100");
        let _ = writeln!(out, "DS{i:02},{surname}导师{i},{fields},{place},{}", rng.random_range(2..=5));
    }
    out
}

/// (name, industry code or "", summary): hard technology, rural revitalisation, others.
const IDEAS: [(&str, &str, &str); 15] = [
    ("智能分拣机器人", "3491", "面向快递网点的视觉分拣"),
    ("无人机植保服务", "", "基于无人机的精准施药"),
    ("工业视觉检测算法", "6513", "面向制造企业的缺陷检测"),
    ("新能源电池回收", "", "退役储能电池梯次利用"),
    ("高校实验室传感器", "4011", "低成本环境监测传感器"),
    ("湘西腊肉电商", "", "助农直播带货"),
    ("稻虾共养合作社", "0412", "稻田综合种养示范"),
    ("乡村民宿运营", "", "乡村旅游与民宿托管"),
    ("非遗土家织锦文创", "", "非遗技艺与文创设计"),
    ("茶叶品牌孵化", "0164", "安化黑茶线上品牌"),
    ("校园二手书平台", "5243", "循环利用教材"),
    ("青年剧本杀工作室", "9090", "沉浸式文化娱乐"),
    ("宠物上门服务", "8090", "社区宠物照护"),
    ("留学语言培训", "8399", "小班语言课程"),
    ("咖啡快闪店", "6220", "校园咖啡与轻食"),
];
const COMPETITIONS: [&str; 5] =
    ["挑战杯省赛金奖", "挑战杯国赛铜奖", "创青春省赛银奖", "互联网+省赛铜奖", "创青春国赛金奖"];

/// The register's text.
pub(crate) fn projects_file(seed: u64, students: &[Student], year: u16) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0ba5_ed0c);
    let mut schools: Vec<&str> = students.iter().map(|s| s.school.as_str()).collect();
    schools.sort_unstable();
    schools.dedup();
    let mut out = String::from("id,name,school,lead_status,field,industry,summary,stage,request,score,competitions\n");
    for i in 1..=240 {
        let school = schools.choose(&mut rng).copied().unwrap_or("4143010531");
        let idea = rng.random_range(0..IDEAS.len());
        let (name, industry, summary) = IDEAS[idea];
        let lead = match rng.random_range(0..20) {
            0..=6 => "应届毕业生".to_string(),
            7..=12 => "在校生".to_string(),
            13..=18 => format!("{}届", year - rng.random_range(1..=2)),
            _ => format!("{}届", year - 4),
        };
        // A few schools state the field; most leave it to the industry and words.
        let field = if rng.random_bool(0.1) {
            ["硬核科技", "乡村振兴", "其他"].choose(&mut rng).copied().unwrap_or("")
        } else {
            ""
        };
        let stage = ["创意", "初创", "成长"].choose(&mut rng).copied().unwrap_or("");
        let request = rng.random_range(3..=24) * 1000;
        let score = f64::from(rng.random_range(550..=985)) / 10.0;
        let competitions = if rng.random_bool(0.3) { COMPETITIONS.choose(&mut rng).copied().unwrap_or("") } else { "" };
        let _ = writeln!(
            out,
            "CY{i:03},{name}{i},{school},{lead},{field},{industry},{summary},{stage},{request},{score},{competitions}"
        );
    }
    out
}
