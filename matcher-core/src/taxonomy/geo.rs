//! `GeoPoint`: a region's centre made ready for distances: its latitude in radians and that latitude's cosine
//! found once, so that a student's view of every posting place (thousands of places, each measured from home)
//! pays neither a table look-up nor a cosine per place, and a place surely beyond a radius pays no
//! trigonometry at all.

/// Mean Earth radius (km) of the great-circle distance.
const EARTH_KM: f64 = 6371.0;

/// How far (km) below a radius a place's lower bound must stay for the exact distance to be asked; it
/// covers the rounding of both (far under a metre) many times over.
const BAND_SLACK_KM: f64 = 1.0;

/// A point of the Earth's surface, with what every distance from it reuses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Longitude in degrees (the difference is turned into radians, as it always was).
    lon: f64,
    /// Latitude in radians.
    lat: f64,
    /// The latitude's cosine.
    cos_lat: f64,
}

impl GeoPoint {
    /// The point at a longitude and latitude in degrees.
    pub fn new(lon: f64, lat: f64) -> GeoPoint {
        let lat = lat.to_radians();
        GeoPoint { lon, lat, cos_lat: lat.cos() }
    }

    /// Great-circle distance in km (haversine): to the bit what it was when each call found the cosines.
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        let dp = other.lat - self.lat;
        let dl = (other.lon - self.lon).to_radians();
        let h = (dp / 2.0).sin().powi(2) + self.cos_lat * other.cos_lat * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_KM * h.sqrt().asin()
    }

    /// True when `other` is surely farther than `km`: the latitudes alone put it there. A great circle is
    /// at least as long as the arc of a meridian between the two latitudes (the haversine's `h` is at least
    /// its first term), so this never says true of a place within `km`; it says false of some beyond, for
    /// which [`GeoPoint::distance_km`] decides. Only latitudes of the Earth's (±90°) are bounded so: a table
    /// may hold anything, and for a latitude out of range this says false, leaving the distance to decide.
    pub fn surely_beyond(&self, other: &GeoPoint, km: f64) -> bool {
        let earthly = |lat: f64| lat.abs() <= std::f64::consts::FRAC_PI_2;
        earthly(self.lat) && earthly(other.lat) && EARTH_KM * (other.lat - self.lat).abs() > km + BAND_SLACK_KM
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The distance as `RegionTable::distance_km` computed it before points kept their cosines.
    fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
        let ((lon1, lat1), (lon2, lat2)) = (a, b);
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    #[test]
    fn changsha_to_urumqi_is_about_2840_km() {
        let changsha = GeoPoint::new(112.94, 28.23);
        let urumqi = GeoPoint::new(87.62, 43.83);
        let km = changsha.distance_km(&urumqi);
        assert!((2800.0..2900.0).contains(&km), "{km}");
        assert!(changsha.surely_beyond(&urumqi, 1000.0));
        assert!(!changsha.surely_beyond(&urumqi, 2000.0), "the latitudes alone are ~1,735 km apart");
    }

    /// A table's latitude out of the Earth's range (a typo, a swapped column) bounds nothing: the distance,
    /// whatever it is, decides as it always did.
    #[test]
    fn latitudes_out_of_range_bound_nothing() {
        let home = GeoPoint::new(112.94, 28.23);
        for (lon, lat) in [(112.94, 208.23), (28.23, 112.94), (112.94, -400.0), (0.0, f64::NAN), (0.0, f64::INFINITY)] {
            let odd = GeoPoint::new(lon, lat);
            for km in [0.0, 100.0, 5000.0] {
                assert!(!home.surely_beyond(&odd, km) && !odd.surely_beyond(&home, km), "{lat} {km}");
            }
        }
    }

    proptest! {
        /// The kept cosines change no distance, and the band never refuses a place within the radius:
        /// points anywhere (poles and the date line included), the second mostly north or south of the
        /// first (where the band is tightest), radii around the distance itself.
        #[test]
        fn distances_unchanged_and_band_exact(
            lon1 in -180.0f64..180.0, lat1 in -90.0f64..90.0,
            dlon in -1.0f64..1.0, dlat in -30.0f64..30.0, wide in proptest::bool::ANY,
            off in -60.0f64..60.0,
        ) {
            let lon2 = lon1 + if wide { dlon * 60.0 } else { dlon / 100.0 };
            let lat2 = (lat1 + dlat).clamp(-90.0, 90.0);
            let (a, b) = (GeoPoint::new(lon1, lat1), GeoPoint::new(lon2, lat2));
            let exact = haversine((lon1, lat1), (lon2, lat2));
            prop_assert_eq!(a.distance_km(&b).to_bits(), exact.to_bits());
            let radius = (exact + off).max(0.0);
            if a.surely_beyond(&b, radius) {
                prop_assert!(exact > radius);
            }
        }
    }
}
