"""The project's own evaluation command: score a published warehouse against gold tables
in the format of shared/gold/FORMAT.md. Each table family has a module with a
`score(ctx) -> dict[str, Metric]` function, registered in `evaluation.cli.SCORERS`."""
