//! The programme's closed vocabularies (see GLOSSARY.md): each parses from its code name or its Chinese name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident => $code:literal, $zh:literal $(| $alias:literal)*;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code name (`snake_case`), as used in files and on the command line.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Chinese name that cadres and analysts read.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(raw: &str) -> Result<Self, Error> {
                let key = raw.trim();
                $(
                    if key.eq_ignore_ascii_case($code) || key == $zh $(|| key == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                let known: Vec<&str> = $name::ALL.iter().map(|v| v.code()).collect();
                Err(Error::invalid($what, raw, format!("expected one of {}", known.join(", "))))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// The platform a posting came from.
    Source, "source" {
        /// 扬帆潇湘: Hunan's internship platform.
        Yangfan => "yangfan", "扬帆潇湘";
        /// 小翅零工: gigs.
        Xiaochi => "xiaochi", "小翅零工";
        /// 团团微就业: the League's national employment mini-program.
        Tuantuan => "tuantuan", "团团微就业";
        /// 全国大学生实习服务平台.
        NationalInternship => "national", "全国大学生实习服务平台" | "national_internship";
        /// 省属企业订单式培养 positions.
        SoeOrder => "soe_order", "省属企业订单";
        /// 见习基地 traineeships.
        TraineeshipBase => "traineeship_base", "见习基地";
        /// 西部计划 volunteer posts.
        WesternPlan => "western_plan", "西部计划";
        /// 社区实践计划 posts.
        CommunityPractice => "community_practice", "社区实践计划";
        /// Any other platform, through the generic format.
        Other => "other", "其他";
    }
);

vocabulary!(
    /// What kind of opening a posting is.
    PostingKind, "kind" {
        /// A job for graduates.
        Job => "job", "全职" | "就业岗位" | "工作";
        /// An internship (政务实习 / 企业实习) for enrolled students.
        Internship => "internship", "实习";
        /// A gig (零工).
        Gig => "gig", "零工" | "兼职";
        /// A traineeship at a practice base (见习).
        Traineeship => "traineeship", "见习";
        /// A 西部计划 volunteer post.
        Volunteer => "volunteer", "志愿服务" | "西部计划";
        /// A community practice post (社区实践).
        Practice => "practice", "社区实践";
        /// Workplace experience: visits, mock interviews, shadowing (职场体验).
        Experience => "experience", "职场体验";
    }
);

vocabulary!(
    /// Where a student stands in the programme.
    Cohort, "cohort" {
        /// 2023届 应届毕业生: graduating this year.
        Graduating => "graduating", "应届毕业生" | "应届";
        /// 2022届 未就业毕业生: last year's graduates not yet employed.
        PreviousUnemployed => "previous_unemployed", "往届未就业毕业生" | "往届";
        /// 在校大学生: enrolled students.
        Enrolled => "enrolled", "在校生" | "在校大学生";
        /// 在职研究生: in-service postgraduates (eligible for 西部计划).
        InServicePostgraduate => "in_service_postgraduate", "在职研究生";
    }
);

vocabulary!(
    /// What a student intends to do after graduating.
    Intent, "intent" {
        /// Looking for work.
        Employment => "employment", "就业";
        /// 升学: further study (not a job seeker).
        FurtherStudy => "further_study", "升学";
        /// 出国: study abroad (not a job seeker).
        Abroad => "abroad", "出国" | "出国留学";
        /// Not decided yet.
        Undecided => "undecided", "未定";
        /// 已就业: hired (reported through the service); gets no more lists.
        Employed => "employed", "已就业";
    }
);

impl Intent {
    /// True for job seekers (就业 or 未定); 升学, 出国 and 已就业 get no job lists.
    pub fn seeks_work(self) -> bool {
        matches!(self, Intent::Employment | Intent::Undecided)
    }
}

vocabulary!(
    /// Where a student went (毕业去向), recorded in the case file when the student is settled.
    EmploymentKind, "employment kind" {
        /// 协议就业: a signed employment agreement (三方协议).
        Agreement => "agreement", "协议就业" | "签约就业" | "签订就业协议";
        /// 签劳动合同就业.
        LabourContract => "labour_contract", "劳动合同" | "签劳动合同" | "签劳动合同就业";
        /// 灵活就业 (gigs, freelance, platform work).
        Flexible => "flexible", "灵活就业";
        /// 自主创业.
        SelfEmployed => "self_employed", "自主创业" | "创业";
        /// 升学 (admitted to further study).
        FurtherStudy => "further_study", "升学";
        /// 西部计划 volunteer.
        WesternPlan => "western_plan", "西部计划";
        /// Other 基层项目 (三支一扶, 特岗教师 …).
        Grassroots => "grassroots", "基层项目" | "三支一扶" | "特岗教师";
        /// 参军 (应征入伍).
        Military => "military", "参军" | "应征入伍";
        /// 公务员 or 事业单位.
        PublicSector => "public_sector", "公务员/事业单位" | "公务员" | "事业单位";
    }
);

vocabulary!(
    /// What a case-file event records.
    EventKind, "event kind" {
        /// 摸清就业意向: an intention interview (it may update the student's intention fields).
        IntentionInterview => "intention_interview", "摸清就业意向" | "意向访谈";
        /// 推荐岗位: postings sent to the student.
        PostingsSent => "postings_sent", "推荐岗位" | "已推送";
        /// 就业指导: a guidance session.
        Guidance => "guidance", "就业指导";
        /// 已投递: the student applied for a posting.
        Applied => "applied", "已投递" | "投递";
        /// 已面试: the student was interviewed.
        Interviewed => "interviewed", "已面试" | "面试";
        /// 放弃: the student declined a posting.
        Declined => "declined", "放弃" | "婉拒";
        /// 已录用: hired through a posting in the index.
        Hired => "hired", "已录用" | "录用";
        /// 落实去向: settled outside the index (employer, place and kind).
        EmployedElsewhere => "employed_elsewhere", "落实去向" | "其他途径就业";
        /// 重新求职: settled before, looking for work again.
        SeekingAgain => "seeking_again", "重新求职";
        /// 备注: a free note.
        Note => "note", "备注";
        /// 西部计划志愿服务: a 西部计划 volunteer's stage after the 派遣名单 (派遣, 在岗, 期满, 退出).
        Volunteer => "volunteer", "西部计划志愿服务" | "西部计划";
    }
);

vocabulary!(
    /// Where a 西部计划 applicant stands (报名 → 选拔 → 推荐 → 派遣 → 在岗 → 期满, or 退出). The first three follow
    /// from the registers and the assignment; the rest are recorded in the case file.
    VolunteerStage, "volunteer stage" {
        /// 报名: applied.
        Applied => "applied", "报名" | "已报名";
        /// 选拔: selected by the school (a score or a pass).
        Selected => "selected", "选拔" | "通过选拔";
        /// 推荐: on the 派遣名单 of the assignment, recommended to the 项目管理办公室.
        Recommended => "recommended", "推荐" | "派遣名单";
        /// 派遣: dispatched to the post.
        Dispatched => "dispatched", "派遣" | "已派遣";
        /// 在岗: serving on the post.
        Serving => "serving", "在岗" | "服务中";
        /// 期满: the service period completed.
        Completed => "completed", "期满" | "服务期满";
        /// 退出: withdrew (before or during service).
        Withdrawn => "withdrawn", "退出" | "中途退出" | "放弃";
    }
);

impl VolunteerStage {
    /// True for the stages a case file records (派遣, 在岗, 期满, 退出); the others follow from the registers.
    pub fn is_recorded(self) -> bool {
        matches!(
            self,
            VolunteerStage::Dispatched
                | VolunteerStage::Serving
                | VolunteerStage::Completed
                | VolunteerStage::Withdrawn
        )
    }

    /// True for the stages that count against the year's volunteers (推荐 to 期满; not 退出).
    pub fn counts(self) -> bool {
        matches!(
            self,
            VolunteerStage::Recommended
                | VolunteerStage::Dispatched
                | VolunteerStage::Serving
                | VolunteerStage::Completed
        )
    }
}

vocabulary!(
    /// The 西部计划 tracks (专项).
    VolunteerTrack, "volunteer track" {
        /// 乡村教育.
        RuralEducation => "rural_education", "乡村教育";
        /// 乡村建设.
        RuralConstruction => "rural_construction", "乡村建设";
        /// 健康乡村.
        RuralHealth => "rural_health", "健康乡村";
        /// 基层青年工作.
        YouthWork => "youth_work", "基层青年工作";
        /// 乡村社会治理.
        RuralGovernance => "rural_governance", "乡村社会治理";
        /// 服务新疆.
        Xinjiang => "xinjiang", "服务新疆" | "新疆";
        /// 服务西藏.
        Tibet => "tibet", "服务西藏" | "西藏";
        /// 研究生支教团 (中国青年志愿者扶贫接力计划): recruits students admitted to postgraduate study without exam (推免生).
        GraduateTeaching => "graduate_teaching", "研究生支教团" | "扶贫接力计划研究生支教团";
        /// “青马工程” 专项.
        YouthMarxism => "youth_marxism", "青马工程";
        /// 芙蓉花开: Hunan's local project of 西部计划.
        Furong => "furong", "芙蓉花开";
    }
);

vocabulary!(
    /// A minimum (for a posting) or attained (for a student) education level, ordered low to high.
    EducationLevel, "education" {
        /// No requirement (学历不限).
        Any => "any", "学历不限" | "不限";
        /// 高中 / 中专 / 中技.
        Secondary => "secondary", "高中" | "中专" | "中技" | "中专/中技";
        /// 大专 / 高职专科.
        Associate => "associate", "大专" | "专科" | "高职";
        /// 本科 (incl. 职业本科).
        Bachelor => "bachelor", "本科" | "学士";
        /// 硕士.
        Master => "master", "硕士" | "研究生";
        /// 博士.
        Doctorate => "doctorate", "博士";
    }
);

impl PostingKind {
    /// The cohorts eligible for this kind when a source does not say (DESIGN.md, Candidates).
    pub fn default_cohorts(self) -> &'static [Cohort] {
        match self {
            PostingKind::Internship | PostingKind::Practice | PostingKind::Experience => &[Cohort::Enrolled],
            PostingKind::Job | PostingKind::Traineeship => &[Cohort::Graduating, Cohort::PreviousUnemployed],
            PostingKind::Volunteer => &[Cohort::Graduating, Cohort::InServicePostgraduate],
            PostingKind::Gig => &[Cohort::Graduating, Cohort::PreviousUnemployed, Cohort::Enrolled],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_code_names_and_chinese() {
        assert_eq!("internship".parse::<PostingKind>().unwrap(), PostingKind::Internship);
        assert_eq!("西部计划".parse::<PostingKind>().unwrap(), PostingKind::Volunteer);
        assert_eq!("NATIONAL".parse::<Source>().unwrap(), Source::NationalInternship);
        assert_eq!("本科".parse::<EducationLevel>().unwrap(), EducationLevel::Bachelor);
        let err = "nope".parse::<Cohort>().unwrap_err().to_string();
        assert!(err.contains("graduating"), "{err}");
    }

    #[test]
    fn education_levels_are_ordered() {
        assert!(EducationLevel::Any < EducationLevel::Associate);
        assert!(EducationLevel::Bachelor < EducationLevel::Master);
    }

    #[test]
    fn volunteer_posts_are_only_for_graduates_and_in_service_postgraduates() {
        let cohorts = PostingKind::Volunteer.default_cohorts();
        assert!(!cohorts.contains(&Cohort::Enrolled));
        assert!(!cohorts.contains(&Cohort::PreviousUnemployed));
    }
}
