//! The GitHub Pages workflow `beleid init` writes, so a new site can be
//! published by pushing it to GitHub.

/// Where the workflow is written in a new site.
pub(crate) const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// The workflow: install beleid, check and build the site at the address
/// GitHub Pages gives it, and publish `public/`. It also runs daily, so a
/// policy's status (in force, review due) follows the calendar.
pub(crate) const WORKFLOW: &str = r#"# Publishes this site on GitHub Pages, written by `beleid init`.
# Turn it on once: Settings > Pages > Build and deployment > Source: GitHub Actions.
name: Publish site

on:
  push:
    branches: [main]
  workflow_dispatch:
  schedule:
    # Daily, so a policy's status (in force, review due) follows the calendar.
    - cron: "17 5 * * *"

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/beleid
          key: beleid-${{ runner.os }}-v1
      # beleid has no published release yet, so it is built from source.
      # FILL IN: replace OWNER with the GitHub account that hosts beleid.
      # For repeatable builds add --tag or --rev, and change the cache key
      # above whenever you change it.
      - name: Install beleid
        run: command -v beleid || cargo install --locked beleid --git https://github.com/OWNER/beleid
      - id: pages
        uses: actions/configure-pages@v5
      - name: Check
        run: beleid check
      - name: Build
        run: beleid build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;
