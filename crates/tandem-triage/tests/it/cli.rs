//! CLI tests come with the CLI.
