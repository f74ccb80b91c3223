//! Minimum-cost maximum flow by the primal-dual method: Dijkstra over reduced costs with Johnson potentials
//! (every cost given is non-negative, so the first potentials are zero), then a blocking flow (Dinic) over
//! the edges whose reduced cost is zero, that is over every cheapest path at once, then Dijkstra again. Flow
//! only ever moves along cheapest residual paths, so the flow found is maximum and, among maximum flows, of
//! least cost. One Dijkstra per distinct path cost rather than per unit of flow; the caller bounds the
//! edges.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Clone)]
struct Edge {
    to: usize,
    /// Residual capacity.
    cap: u32,
    cost: i64,
}

/// A flow network.
#[derive(Debug, Clone, Default)]
pub(crate) struct Network {
    /// Edge indices leaving each node; edge `e ^ 1` is the reverse of `e`.
    out: Vec<Vec<usize>>,
    edges: Vec<Edge>,
    /// Capacity each edge was given.
    given: Vec<u32>,
}

impl Network {
    /// A network of `nodes` nodes and no edge.
    pub(crate) fn new(nodes: usize) -> Network {
        Network { out: vec![Vec::new(); nodes], edges: Vec::new(), given: Vec::new() }
    }

    /// Adds an edge of capacity `cap` and cost `cost` (≥ 0); returns its index.
    pub(crate) fn add(&mut self, from: usize, to: usize, cap: u32, cost: i64) -> usize {
        let index = self.edges.len();
        self.edges.push(Edge { to, cap, cost });
        self.edges.push(Edge { to: from, cap: 0, cost: -cost });
        self.given.push(cap);
        self.given.push(0);
        self.out[from].push(index);
        self.out[to].push(index + 1);
        index
    }

    /// The flow on an edge `add` returned.
    pub(crate) fn flow(&self, edge: usize) -> u32 {
        self.given[edge] - self.edges[edge].cap
    }

    /// Sends as much flow as possible from `source` to `sink` at least cost; returns (flow, cost).
    pub(crate) fn run(&mut self, source: usize, sink: usize) -> (u64, i64) {
        let n = self.out.len();
        let mut potential = vec![0i64; n];
        let (mut flow, mut cost) = (0u64, 0i64);
        loop {
            // Dijkstra on reduced costs (non-negative thanks to the potentials).
            let mut dist = vec![i64::MAX; n];
            let mut heap = BinaryHeap::new();
            dist[source] = 0;
            heap.push(Reverse((0i64, source)));
            while let Some(Reverse((d, node))) = heap.pop() {
                if d > dist[node] {
                    continue;
                }
                for &e in &self.out[node] {
                    let edge = &self.edges[e];
                    if edge.cap == 0 {
                        continue;
                    }
                    let next = d + edge.cost + potential[node] - potential[edge.to];
                    if next < dist[edge.to] {
                        dist[edge.to] = next;
                        heap.push(Reverse((next, edge.to)));
                    }
                }
            }
            if dist[sink] == i64::MAX {
                return (flow, cost);
            }
            for (p, d) in potential.iter_mut().zip(&dist) {
                if *d != i64::MAX {
                    *p += d;
                }
            }
            // Every cheapest path now runs over edges of reduced cost zero: send a blocking flow over them
            // (Dinic's levels keep it off zero-cost cycles) before the next Dijkstra.
            loop {
                let level = self.levels(source, &potential);
                if level[sink] == usize::MAX {
                    break;
                }
                let mut next_edge = vec![0usize; n];
                loop {
                    let (pushed, paid) = self.push(source, sink, u32::MAX, &level, &potential, &mut next_edge);
                    if pushed == 0 {
                        break;
                    }
                    flow += u64::from(pushed);
                    cost += paid;
                }
            }
        }
    }

    /// Is the edge usable now: room left and reduced cost zero?
    fn admissible(&self, from: usize, e: usize, potential: &[i64]) -> bool {
        let edge = &self.edges[e];
        edge.cap > 0 && edge.cost + potential[from] - potential[edge.to] == 0
    }

    /// Breadth-first levels from `source` over admissible edges (`usize::MAX`: not reached).
    fn levels(&self, source: usize, potential: &[i64]) -> Vec<usize> {
        let mut level = vec![usize::MAX; self.out.len()];
        level[source] = 0;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &e in &self.out[node] {
                let to = self.edges[e].to;
                if level[to] == usize::MAX && self.admissible(node, e, potential) {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        level
    }

    /// Pushes up to `limit` from `node` to `sink` along admissible edges one level down each step; returns the
    /// amount and its cost.
    fn push(
        &mut self,
        node: usize,
        sink: usize,
        limit: u32,
        level: &[usize],
        potential: &[i64],
        next_edge: &mut [usize],
    ) -> (u32, i64) {
        if node == sink {
            return (limit, 0);
        }
        while next_edge[node] < self.out[node].len() {
            let e = self.out[node][next_edge[node]];
            let to = self.edges[e].to;
            if level[to] == level[node].wrapping_add(1) && self.admissible(node, e, potential) {
                let (pushed, paid) = self.push(to, sink, limit.min(self.edges[e].cap), level, potential, next_edge);
                if pushed > 0 {
                    self.edges[e].cap -= pushed;
                    self.edges[e ^ 1].cap += pushed;
                    return (pushed, paid + i64::from(pushed) * self.edges[e].cost);
                }
            }
            next_edge[node] += 1;
        }
        (0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cheaper_route_is_taken_and_a_detour_kept_when_it_adds_flow() {
        // s=0, t=3; a: 0→1→3 cost 1 cap 1; 0→2→3 cost 5; and 1→2 cost 1.
        let mut net = Network::new(4);
        net.add(0, 1, 2, 0);
        net.add(0, 2, 1, 0);
        let direct = net.add(1, 3, 1, 1);
        let cross = net.add(1, 2, 1, 1);
        let far = net.add(2, 3, 1, 5);
        assert_eq!(net.run(0, 3), (2, 6));
        assert_eq!((net.flow(direct), net.flow(far)), (1, 1));
        assert_eq!(net.flow(cross), 0, "the detour would cost more for the same flow");
    }
}
