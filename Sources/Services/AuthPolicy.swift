/// The knobs of authentication, with defaults a demanding operator would choose.
public struct AuthPolicy: Sendable {
    /// How long a session token lives after login.
    public var sessionLifetime: Duration
    /// Failed logins for one username within `failureWindow` before further attempts get 429.
    public var maxFailuresPerUsername: Int
    /// Failed logins from one client address within `failureWindow` before further attempts get 429.
    public var maxFailuresPerAddress: Int
    public var failureWindow: Duration
    /// Password length bounds (characters); the upper bound caps the work a login can cause.
    public var minimumPasswordLength: Int
    public var maximumPasswordLength: Int

    public init(
        sessionLifetime: Duration = .seconds(12 * 3600),
        maxFailuresPerUsername: Int = 5,
        maxFailuresPerAddress: Int = 20,
        failureWindow: Duration = .seconds(15 * 60),
        minimumPasswordLength: Int = 10,
        maximumPasswordLength: Int = 256
    ) {
        self.sessionLifetime = sessionLifetime
        self.maxFailuresPerUsername = maxFailuresPerUsername
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.failureWindow = failureWindow
        self.minimumPasswordLength = minimumPasswordLength
        self.maximumPasswordLength = maximumPasswordLength
    }

    /// The problems with a new password, if any.
    func issues(withNewPassword password: String, field: String, username: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if password.count < minimumPasswordLength {
            issues.append(FieldIssue(field, "must have at least \(minimumPasswordLength) characters"))
        }
        if password.count > maximumPasswordLength {
            issues.append(FieldIssue(field, "must have at most \(maximumPasswordLength) characters"))
        }
        if password.lowercased() == username.lowercased() {
            issues.append(FieldIssue(field, "must not be the username"))
        }
        return issues
    }
}

extension Duration {
    /// Whole seconds, for timestamps and Retry-After.
    var wholeSeconds: Int { Int(components.seconds) }
}
