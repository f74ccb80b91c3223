//! Who comes first (以非"双一流"高校的低收入家庭 2023 届毕业生和未找到工作的 2022 届毕业生为重点，兼顾其他需要
//! 就业帮扶的毕业生): the plan's priority groups, shared by pairing (who gets a cadre when cadres or the quota are
//! scarce) and allocation (who gets a scarce posting first). The group is derived from sensitive fields: it
//! orders work and is never written to an output.

use crate::model::{Cohort, Student};
use crate::taxonomy::SchoolTable;

/// A student's priority group, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// 低收入家庭学生 of a school not on the 双一流 list: the plan's focus.
    LowIncomeOrdinarySchool,
    /// 往届未就业毕业生: a previous year's graduate still without work.
    PreviousUnemployed,
    /// Other 低收入家庭学生 (of a 双一流 school).
    LowIncome,
    /// Nominated by the League branch (团支部推荐).
    Nominated,
    /// Any other job-seeking graduate (兼顾其他需要就业帮扶的毕业生).
    Other,
}

impl Need {
    /// The group of a student; a school missing from the table counts as not 双一流.
    pub fn of(student: &Student, schools: &SchoolTable) -> Need {
        let double_first_class = schools.get(&student.school).is_some_and(|s| s.double_first_class);
        if student.low_income && !double_first_class {
            Need::LowIncomeOrdinarySchool
        } else if student.cohort == Cohort::PreviousUnemployed {
            Need::PreviousUnemployed
        } else if student.low_income {
            Need::LowIncome
        } else if student.nominated {
            Need::Nominated
        } else {
            Need::Other
        }
    }
}
