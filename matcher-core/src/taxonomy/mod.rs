//! Reference taxonomies: regions, majors, industries, occupations and schools, compiled in or read from a folder.

mod geo;
mod industries;
mod majors;
mod occupations;
mod regions;
mod schools;
mod table;

use std::path::Path;
use std::sync::OnceLock;

pub use geo::GeoPoint;
pub use industries::{Industry, IndustryTable};
pub use majors::{Catalogue, Major, MajorCatalogue, MajorGroup};
pub use occupations::{is_occupation_code, occupation_prefix, Occupation, OccupationTable};
pub(crate) use regions::NameKind;
pub use regions::{Region, RegionLevel, RegionTable};
pub use schools::SchoolTable;
pub(crate) use table::Table;

use crate::error::Error;

/// The file names a taxonomy folder holds (the layout of `data/reference/`).
pub const FILES: [&str; 10] = [
    "china_regions.csv",
    "china_region_aliases.csv",
    "region_former_names.csv",
    "majors_undergrad_bk.csv",
    "majors_vocational_gz.csv",
    "majors_vocational_bk.csv",
    "industry_gbt4754_2017_full.csv",
    "industry_labels.csv",
    "occupations_csco2022.csv",
    "hunan_universities.csv",
];

const EMBEDDED: [&str; 10] = [
    include_str!("../../../data/reference/china_regions.csv"),
    include_str!("../../../data/reference/china_region_aliases.csv"),
    include_str!("../../../data/reference/region_former_names.csv"),
    include_str!("../../../data/reference/majors_undergrad_bk.csv"),
    include_str!("../../../data/reference/majors_vocational_gz.csv"),
    include_str!("../../../data/reference/majors_vocational_bk.csv"),
    include_str!("../../../data/reference/industry_gbt4754_2017_full.csv"),
    include_str!("../../../data/reference/industry_labels.csv"),
    include_str!("../../../data/reference/occupations_csco2022.csv"),
    include_str!("../../../data/reference/hunan_universities.csv"),
];

/// Every reference table the engine uses.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Regions.
    pub regions: RegionTable,
    /// Major catalogues.
    pub majors: MajorCatalogue,
    /// Industries.
    pub industries: IndustryTable,
    /// Occupations.
    pub occupations: OccupationTable,
    /// Schools.
    pub schools: SchoolTable,
}

impl Taxonomy {
    /// The tables compiled into the binary (a copy of `data/reference/`), loaded once.
    pub fn embedded() -> &'static Taxonomy {
        static EMBEDDED_TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        EMBEDDED_TAXONOMY.get_or_init(|| {
            // The compiled-in tables are checked by a unit test, so this cannot fail at run time.
            Taxonomy::from_texts(&EMBEDDED).expect("compiled-in reference tables are valid")
        })
    }

    /// Reads the tables from a folder laid out as `data/reference/` (see [`FILES`]).
    pub fn from_dir(dir: &Path) -> Result<Taxonomy, Error> {
        let mut texts = Vec::with_capacity(FILES.len());
        for name in FILES {
            let path = dir.join(name);
            texts.push(std::fs::read_to_string(&path).map_err(|e| Error::io(path, e))?);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Taxonomy::from_texts(&refs)
    }

    fn from_texts(texts: &[&str]) -> Result<Taxonomy, Error> {
        let [regions, aliases, former, undergrad, voc_assoc, voc_bach, industries, labels, occupations, schools] =
            texts
        else {
            return Err(Error::invalid("taxonomy", texts.len().to_string(), "expected ten tables"));
        };
        let regions = RegionTable::load(regions, aliases, former)?;
        let mut majors = MajorCatalogue::default();
        majors.load("majors_undergrad_bk.csv", undergrad, Catalogue::Undergraduate)?;
        majors.load("majors_vocational_gz.csv", voc_assoc, Catalogue::VocationalAssociate)?;
        majors.load("majors_vocational_bk.csv", voc_bach, Catalogue::VocationalBachelor)?;
        let mut industries = IndustryTable::load(industries)?;
        industries.load_labels(labels)?;
        let occupations = OccupationTable::load(occupations)?;
        let schools = SchoolTable::load(schools, &regions)?;
        Ok(Taxonomy { regions, majors, industries, occupations, schools })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndustryCode, RegionCode};

    #[test]
    fn embedded_tables_load_with_expected_sizes() {
        let t = Taxonomy::embedded();
        assert_eq!(t.regions.hunan(RegionLevel::Prefecture).len(), 14);
        assert_eq!(t.regions.hunan(RegionLevel::County).len(), 122);
        assert_eq!(t.majors.majors().len(), 845 + 771 + 298);
        assert_eq!(t.industries.at_level(1).len(), 20);
        // 1,634 rows of 细类, of which 4-12-04-02 and 6-20-05-03 appear twice in the source file.
        assert_eq!(t.occupations.all().filter(|o| o.level == 4).count(), 1632);
        assert_eq!(t.schools.all().len(), 125);
        assert_eq!(t.schools.all().iter().filter(|s| s.double_first_class).count(), 5);
    }

    #[test]
    fn lookups_by_code_and_name() {
        let t = Taxonomy::embedded();
        assert_eq!(t.majors.major("080901").map(|m| m.name.as_str()), Some("计算机科学与技术"));
        assert!(t.majors.classes_named("计算机类").iter().any(|c| c.as_str() == "0809"));
        assert_eq!(t.industries.get("I6513").map(|i| i.code.as_str()), Some("6513"));
        assert!(t.industries.get("A6513").is_none());
        let lineage: Vec<String> =
            t.industries.lineage(&IndustryCode("6513".into())).iter().map(|c| c.to_string()).collect();
        assert_eq!(lineage, ["I", "65", "651", "6513"]);
        let changsha: RegionCode = "430100".parse().unwrap();
        let yuelu: RegionCode = "430104".parse().unwrap();
        assert_eq!(t.regions.path_name(yuelu), "湖南省长沙市岳麓区");
        assert!(t.regions.distance_km(changsha, yuelu).unwrap() < 30.0);
    }
}
