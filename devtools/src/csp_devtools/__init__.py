"""The platform's developer tools: the `csp` command, the local stack, the provider
simulators and the test kit. A service's image never installs this package."""
