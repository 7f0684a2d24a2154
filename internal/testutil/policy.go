package testutil

// TwoRulePolicy is a policy whose dates are easy to work by hand, for the tests of what moved
// between two commits (the changes command and its report): a first core group within 10 working
// days of the plan's start, and the child seen every 10 working days from the conference.
const TwoRulePolicy = `id: local-test
title: Local test policy
jurisdiction: england-and-wales
rules:
  - id: first-core-group
    title: First core group
    cite: "1"
    kind: event
    for: period
    after: period-start
    within: 10 working days
    event: core-group
  - id: child-seen
    title: Child seen
    cite: "2"
    kind: chain
    for: child
    starts_at: on-plan
    event: visit
    visit: {seen: true}
    every: 10 working days
`
