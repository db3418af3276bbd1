"""The rule engine: declarative conditions compiled once, evaluated over the graph."""
