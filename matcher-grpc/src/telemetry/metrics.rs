//! The process's metrics, in the Prometheus text format (0.0.4): requests by transport, method and status,
//! their latency as histograms, records ingested by outcome, and gauges read when scraped (postings in the
//! catalog, store and index bytes, cache bytes, open connections). Every metric is documented in the README
//! ("Metrics"). Labels hold names the server chose (a method of the proto, a route of the workspace, a status),
//! never a value a client sent, so that their number stays bounded.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// gRPC or the web workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Transport {
    Grpc,
    Http,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Grpc => "grpc",
            Transport::Http => "http",
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Counts per bucket (not cumulative), and one more for above the last bound.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
}

/// What became of an ingested record.
#[derive(Debug, Clone, Copy)]
pub enum Ingested {
    Accepted,
    Merged,
    Rejected,
}

/// The registry of one process.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(Transport, String, String), u64>>,
    latency: Mutex<BTreeMap<(Transport, String), Histogram>>,
    ingested: [AtomicU64; 3],
}

/// The process's registry.
pub fn global() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);
    &METRICS
}

/// Figures read when scraped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    pub catalog_postings: u64,
    pub store_bytes: u64,
    pub index_bytes: u64,
    pub cache_bytes: u64,
    pub open_connections: u64,
}

impl Metrics {
    /// Counts one request and its latency. `method` must come from a bounded set the server knows (the proto's
    /// methods, the workspace's routes), never from the client.
    pub fn request(&self, transport: Transport, method: &str, status: &str, latency: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((transport, method.to_string(), status.to_string())).or_default() += 1;
        }
        if let Ok(mut latency_by) = self.latency.lock() {
            let h = latency_by.entry((transport, method.to_string())).or_default();
            let seconds = latency.as_secs_f64();
            let at = BUCKETS.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS.len());
            h.counts[at] += 1;
            h.sum += seconds;
        }
    }

    /// Counts ingested records.
    pub fn ingested(&self, outcome: Ingested, n: u64) {
        self.ingested[outcome as usize].fetch_add(n, Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text format.
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::with_capacity(8192);
        let _ = self.write(&mut out, gauges);
        out
    }

    fn write(&self, out: &mut String, g: &Gauges) -> std::fmt::Result {
        writeln!(out, "# HELP jinqiao_build_info The running version.\n# TYPE jinqiao_build_info gauge")?;
        writeln!(out, "jinqiao_build_info{{version=\"{}\"}} 1", env!("CARGO_PKG_VERSION"))?;
        writeln!(out, "# HELP jinqiao_requests_total Requests answered, by transport, method and status.")?;
        writeln!(out, "# TYPE jinqiao_requests_total counter")?;
        if let Ok(requests) = self.requests.lock() {
            for ((transport, method, status), n) in requests.iter() {
                writeln!(
                    out,
                    "jinqiao_requests_total{{transport=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    transport.as_str()
                )?;
            }
        }
        writeln!(out, "# HELP jinqiao_request_duration_seconds Time from a request's headers to its answer's end.")?;
        writeln!(out, "# TYPE jinqiao_request_duration_seconds histogram")?;
        if let Ok(latency) = self.latency.lock() {
            for ((transport, method), h) in latency.iter() {
                let labels = format!("transport=\"{}\",method=\"{method}\"", transport.as_str());
                let mut cumulative = 0;
                for (bound, n) in BUCKETS.iter().zip(h.counts) {
                    cumulative += n;
                    writeln!(out, "jinqiao_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}")?;
                }
                cumulative += h.counts[BUCKETS.len()];
                writeln!(out, "jinqiao_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {cumulative}")?;
                writeln!(out, "jinqiao_request_duration_seconds_sum{{{labels}}} {}", h.sum)?;
                writeln!(out, "jinqiao_request_duration_seconds_count{{{labels}}} {cumulative}")?;
            }
        }
        writeln!(out, "# HELP jinqiao_ingested_records_total Posting records received, by what became of them.")?;
        writeln!(out, "# TYPE jinqiao_ingested_records_total counter")?;
        for (outcome, name) in
            [(Ingested::Accepted, "accepted"), (Ingested::Merged, "merged"), (Ingested::Rejected, "rejected")]
        {
            let n = self.ingested[outcome as usize].load(Ordering::Relaxed);
            writeln!(out, "jinqiao_ingested_records_total{{outcome=\"{name}\"}} {n}")?;
        }
        let gauges = [
            ("jinqiao_catalog_postings", "Postings in the live catalog.", g.catalog_postings),
            ("jinqiao_store_bytes", "Bytes of the store (students, cadres, pairings, case files).", g.store_bytes),
            ("jinqiao_index_bytes", "Bytes of the posting index on disk.", g.index_bytes),
            ("jinqiao_cache_bytes", "Bytes held by the caches of lists and decoded postings.", g.cache_bytes),
            ("jinqiao_open_connections", "gRPC connections open now.", g.open_connections),
        ];
        for (name, help, value) in gauges {
            writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counts_add_up() {
        let m = Metrics::default();
        m.request(Transport::Grpc, "/matcher.v1.Matching/Recommend", "0", Duration::from_millis(3));
        m.request(Transport::Grpc, "/matcher.v1.Matching/Recommend", "0", Duration::from_millis(30));
        m.request(Transport::Grpc, "/matcher.v1.Matching/Recommend", "16", Duration::from_secs(20));
        m.ingested(Ingested::Rejected, 4);
        let text = m.render(&Gauges { catalog_postings: 600, ..Gauges::default() });
        let labels = "transport=\"grpc\",method=\"/matcher.v1.Matching/Recommend\"";
        assert!(text.contains(&format!("jinqiao_requests_total{{{labels},status=\"0\"}} 2")), "{text}");
        assert!(text.contains(&format!("jinqiao_requests_total{{{labels},status=\"16\"}} 1")));
        assert!(text.contains(&format!("jinqiao_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1")));
        assert!(text.contains(&format!("jinqiao_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 2")));
        assert!(text.contains(&format!("jinqiao_request_duration_seconds_bucket{{{labels},le=\"10\"}} 2")));
        assert!(text.contains(&format!("jinqiao_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3")));
        assert!(text.contains(&format!("jinqiao_request_duration_seconds_count{{{labels}}} 3")));
        assert!(text.contains("jinqiao_ingested_records_total{outcome=\"rejected\"} 4"));
        assert!(text.contains("\njinqiao_catalog_postings 600\n"));
    }
}
