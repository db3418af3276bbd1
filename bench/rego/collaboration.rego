# The same rules as maturity's built-in packs, written in Rego for OPA-compatible
# engines; bench/run.py evaluates them with the regopy package (rego-cpp).
#
# Input: an organization model as JSON ({"organization", "roles", "flows",
# "practices"}), exactly the file maturity reads. A flow's index is its
# position in input.flows. `result.status` gives each rule's pass/fail (COL-I6
# is an anti-pattern: it fails when it matches) and `result.col_i6` COL-I6's
# offending flow indexes.
#
# Written for rego-cpp's costs, which differ from OPA's: comprehensions over
# arrays rather than incremental (partial) sets, which rego-cpp builds in
# quadratic time; every node of a graph.reachable graph is a key, since
# rego-cpp stops at nodes that are not (`adjacency`).

package maturity.collaboration

import rego.v1

kind_of := {r.id: r.kind | some r in input.roles}

hub := {"marketing", "pmm"}

build := {"product", "rnd"}

# COL-I2: a sales_toolkit flow from marketing or pmm to sales.
col_i2_match if {
	some f in input.flows
	f.kind == "sales_toolkit"
	kind_of[f.from] in hub
	kind_of[f.to] == "sales"
}

# COL-I6 (anti-pattern): non-urgent bugs and requests thrown at product or R&D
# by sales, or by customer success without reproducing or classifying them.
col_i6_sales := [i |
	some i
	f := input.flows[i]
	f.kind in {"bug_report", "feature_request"}
	kind_of[f.from] == "sales"
	kind_of[f.to] in build
	not f.urgent == true
]

col_i6_cs_bugs := [i |
	some i
	f := input.flows[i]
	f.kind == "bug_report"
	kind_of[f.from] == "customer_success"
	kind_of[f.to] in build
	not f.urgent == true
	not f.reproduced == true
]

col_i6_cs_requests := [i |
	some i
	f := input.flows[i]
	f.kind == "feature_request"
	kind_of[f.from] == "customer_success"
	kind_of[f.to] in build
	not f.classified == true
]

col_i6 := array.concat(array.concat(col_i6_sales, col_i6_cs_bugs), col_i6_cs_requests)

# COL-I10: urgent bugs still go straight from sales or support to product or R&D.
col_i10_match if {
	some f in input.flows
	f.kind == "bug_report"
	kind_of[f.from] in {"sales", "support"}
	kind_of[f.to] in build
	f.urgent == true
}

# VAL-D4: a customer need reaches product along feedback flows within 3 hops
# (the value_loop pack's max_feedback_hops), unrolled one hop at a time.
feedback_kinds := {
	"support_request", "bug_report", "feature_request",
	"value_feedback", "feature_feedback", "market_insight",
}

feedback := [f | some f in input.flows; f.kind in feedback_kinds]

customers := {r.id | some r in input.roles; r.kind == "customer"}

hop1 := {f.to | some f in feedback; f.from in customers}

hop2 := {f.to | some f in feedback; f.from in hop1}

hop3 := {f.to | some f in feedback; f.from in hop2}

val_d4_match if {
	some v in (hop1 | hop2) | hop3
	kind_of[v] == "product"
}

# The same path with no hop limit, with the built-in graph.reachable.
nodes := {f.from | some f in feedback} | {f.to | some f in feedback}

edges[u] contains v if {
	some f in feedback
	u := f.from
	v := f.to
}

adjacency := object.union({n: set() | some n in nodes}, edges)

reachable := graph.reachable(adjacency, customers)

val_d4_any_match if {
	some v in reachable
	kind_of[v] == "product"
}

default col_i2_holds := false

col_i2_holds := true if col_i2_match

default col_i10_holds := false

col_i10_holds := true if col_i10_match

default val_d4_holds := false

val_d4_holds := true if val_d4_match

default val_d4_any_holds := false

val_d4_any_holds := true if val_d4_any_match

pass_fail(holds) := "pass" if holds

pass_fail(holds) := "fail" if not holds

status := {
	"COL-I2": pass_fail(col_i2_holds),
	"COL-I6": pass_fail(count(col_i6) == 0),
	"COL-I10": pass_fail(col_i10_holds),
	"VAL-D4": pass_fail(val_d4_holds),
	"VAL-D4*": pass_fail(val_d4_any_holds),
}

# Everything the benchmark compares, in one document.
result := {"status": status, "col_i6": col_i6}
