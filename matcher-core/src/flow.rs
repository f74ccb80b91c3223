//! Minimum-cost maximum flow by successive shortest paths: Dijkstra over reduced costs with Johnson
//! potentials (every cost given is non-negative, so the first potentials are zero). Each augmentation
//! follows a cheapest path in the residual graph, so the flow found is maximum and, among maximum flows, of
//! least cost. O(flow × edges × log nodes); the caller bounds the edges.

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
            let mut via = vec![usize::MAX; n];
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
                        via[edge.to] = e;
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
            // The bottleneck of the path, then push it.
            let mut push = u32::MAX;
            let mut node = sink;
            while node != source {
                let e = via[node];
                push = push.min(self.edges[e].cap);
                node = self.edges[e ^ 1].to;
            }
            let mut node = sink;
            while node != source {
                let e = via[node];
                self.edges[e].cap -= push;
                self.edges[e ^ 1].cap += push;
                cost += i64::from(push) * self.edges[e].cost;
                node = self.edges[e ^ 1].to;
            }
            flow += u64::from(push);
        }
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
