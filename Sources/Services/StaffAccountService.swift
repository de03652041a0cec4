import Domain
import Foundation
import Persistence

/// Staff accounts: listed by `users.read` (office managers: their offices' staff),
/// created, changed and reset by `users.manage` (ADMIN & HR, leadership), and
/// bootstrapped from the command line (audited as `system`).
public struct StaffAccountService: Sendable {
    private let runner: ServiceRunner
    private let hasher: PasswordHasher
    private let policy: AuthPolicy

    public init(database: Database, hasher: PasswordHasher, policy: AuthPolicy = AuthPolicy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.hasher = hasher
        self.policy = policy
    }

    /// A new account; offices by id (API) or by code (command line).
    public struct NewAccount: Sendable {
        public var username: String
        public var displayName: String?
        public var password: String
        public var roles: Set<Role>
        public var officeIDs: Set<Int64>
        public var officeCodes: [String]
        public var departmentID: Int64?
        public var departmentCode: String?

        public init(
            username: String, displayName: String? = nil, password: String, roles: Set<Role>,
            officeIDs: Set<Int64> = [], officeCodes: [String] = [], departmentID: Int64? = nil, departmentCode: String? = nil
        ) {
            self.username = username
            self.displayName = displayName
            self.password = password
            self.roles = roles
            self.officeIDs = officeIDs
            self.officeCodes = officeCodes
            self.departmentID = departmentID
            self.departmentCode = departmentCode
        }
    }

    /// What an update sets (the username never changes: the audit trail refers to it).
    public struct Profile: Sendable {
        public var displayName: String
        public var roles: Set<Role>
        public var officeIDs: Set<Int64>
        public var departmentID: Int64?
        public var active: Bool

        public init(displayName: String, roles: Set<Role>, officeIDs: Set<Int64>, departmentID: Int64?, active: Bool) {
            self.displayName = displayName
            self.roles = roles
            self.officeIDs = officeIDs
            self.departmentID = departmentID
            self.active = active
        }
    }

    static let constraintFields = [
        "staff_user_username_key": "username", "staff_user_username_format": "username",
        "staff_user_department_fkey": "departmentId", "staff_user_office_office_fkey": "officeIds",
    ]

    public func list(_ caller: Caller, filter: StaffUserFilter, page: PageRequest) async throws -> Page<StaffUser> {
        try await runner.perform(caller, .readUsers, readOnly: true) { work in
            let only = work.scope == .ownOffices ? work.caller.actor.officeIDs.sorted() : nil
            return page.page(
                from: try await StaffUserRepository.list(filter, onlyOfficeIDs: only, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> StaffUser {
        try await runner.perform(caller, .readUsers, readOnly: true) { work in
            try await Self.visible(id, work: work, lock: false)
        }
    }

    public func create(_ account: NewAccount, _ caller: Caller) async throws -> StaffUser {
        // Authorize before spending a password hash on the request.
        guard PermissionMatrix.scope(of: caller.actor.roles, for: .manageUsers) != nil else { throw ServiceError.forbidden(.manageUsers) }
        let (username, displayName) = try validated(account)
        let passwordHash = try await hasher.hash(account.password)
        return try await runner.perform(caller, .manageUsers, fields: Self.constraintFields) { work in
            let user = try await Self.insert(
                account, username: username, displayName: displayName, passwordHash: passwordHash, at: work.now, in: work.tx)
            try await work.audit(.created(user))
            return user
        }
    }

    /// Creates an account from the command line (no acting user; audited as `system`).
    public func createFromCommandLine(_ account: NewAccount) async throws -> StaffUser {
        let (username, displayName) = try validated(account)
        let passwordHash = try await hasher.hash(account.password)
        let at = runner.now()
        do {
            return try await runner.database.withTransaction { tx in
                let user = try await Self.insert(account, username: username, displayName: displayName, passwordHash: passwordHash, at: at, in: tx)
                try await AuditRepository.record(.created(user), actorUserID: nil, actorUsername: "system", requestID: nil, at: at, in: tx)
                return user
            }
        } catch let error as PersistenceError {
            throw ServiceRunner.translate(error, fields: Self.constraintFields)
        }
    }

    /// Replaces display name, roles, offices, department and the active flag. Disabling ends the
    /// user's sessions at once (every request re-reads the user).
    public func update(id: Int64, _ profile: Profile, expectedVersion: Int?, _ caller: Caller) async throws -> StaffUser {
        try await runner.perform(caller, .manageUsers, fields: Self.constraintFields) { work in
            let displayName = profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
            var issues = Self.roleIssues(profile.roles, officeCount: profile.officeIDs.count)
            if displayName.isEmpty || displayName.count > 100 { issues.append(FieldIssue("displayName", "must have 1-100 characters")) }
            if profile.active == false, id == work.caller.actor.userID { issues.append(FieldIssue("active", "you cannot disable yourself")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let before = try await Self.visible(id, work: work, lock: true)
            try work.check(version: before.version, expected: expectedVersion)
            try await Self.checkReferences(officeIDs: profile.officeIDs, departmentID: profile.departmentID, in: work.tx)
            let after = try await StaffUserRepository.update(
                id: id, displayName: displayName, departmentID: profile.departmentID, active: profile.active,
                roles: profile.roles, officeIDs: profile.officeIDs, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return after
        }
    }

    /// Sets a new password for a user (forgotten passwords) and ends all the user's sessions.
    public func resetPassword(id: Int64, newPassword: String, _ caller: Caller) async throws {
        guard PermissionMatrix.scope(of: caller.actor.roles, for: .manageUsers) != nil else { throw ServiceError.forbidden(.manageUsers) }
        let passwordHash = try await hasher.hash(newPassword)
        try await runner.perform(caller, .manageUsers) { work in
            let user = try await Self.visible(id, work: work, lock: true)
            let issues = policy.issues(withNewPassword: newPassword, field: "newPassword", username: user.username)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            try await StaffUserRepository.updatePasswordHash(userID: id, hash: passwordHash, at: work.now, in: work.tx)
            let ended = try await SessionRepository.revokeOthers(userID: id, keeping: nil, at: work.now, in: work.tx)
            try await work.audit(AuditEntry(
                action: "staff_user.reset_password", entityType: "staff_user", entityID: String(id), officeID: user.auditOfficeID,
                changes: ["sessions_revoked": .init(before: nil, after: String(ended))]))
        }
    }

    // MARK: Rules

    private static func visible(_ id: Int64, work: ServiceWork, lock: Bool) async throws -> StaffUser {
        let user = lock ? try await StaffUserRepository.lock(id: id, in: work.tx) : try await StaffUserRepository.find(id: id, in: work.tx)
        guard let user, work.scope == .allOffices || !user.officeIDs.isDisjoint(with: work.caller.actor.officeIDs)
        else { throw ServiceError.notFound("no user with id \(id)") }
        return user
    }

    private func validated(_ account: NewAccount) throws -> (username: String, displayName: String) {
        let username = account.username.trimmingCharacters(in: .whitespaces).lowercased()
        var issues: [FieldIssue] = []
        if username.range(of: #"^[a-z0-9][a-z0-9._-]{2,63}$"#, options: .regularExpression) == nil {
            issues.append(FieldIssue("username", "must be 3-64 characters: lowercase letters, digits, '.', '_' or '-'"))
        }
        issues += policy.issues(withNewPassword: account.password, field: "password", username: username)
        issues += Self.roleIssues(account.roles, officeCount: account.officeIDs.count + account.officeCodes.count)
        let displayName = account.displayName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? username
        if displayName.isEmpty || displayName.count > 100 { issues.append(FieldIssue("displayName", "must have 1-100 characters")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return (username, displayName)
    }

    private static func roleIssues(_ roles: Set<Role>, officeCount: Int) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if roles.isEmpty { issues.append(FieldIssue("roles", "at least one role is required")) }
        if roles.contains(where: { !$0.actsAcrossOffices }), officeCount == 0 {
            issues.append(FieldIssue("officeIds", "office roles need at least one office"))
        }
        return issues
    }

    /// Resolves office and department codes, checks every reference, and inserts the account.
    private static func insert(
        _ account: NewAccount, username: String, displayName: String, passwordHash: String, at now: Date, in tx: Transaction
    ) async throws -> StaffUser {
        var officeIDs = account.officeIDs
        var issues: [FieldIssue] = []
        for code in account.officeCodes {
            if let id = try await StaffUserRepository.officeID(code: code, in: tx) { officeIDs.insert(id) }
            else { issues.append(FieldIssue("officeIds", "no office has the code \(code)")) }
        }
        var departmentID = account.departmentID
        if let code = account.departmentCode {
            departmentID = try await StaffUserRepository.departmentID(code: code, in: tx)
            if departmentID == nil { issues.append(FieldIssue("departmentId", "no department has the code \(code)")) }
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        try await checkReferences(officeIDs: officeIDs, departmentID: departmentID, in: tx)
        return try await StaffUserRepository.insert(
            username: username, displayName: displayName, passwordHash: passwordHash, departmentID: departmentID,
            roles: account.roles, officeIDs: officeIDs, at: now, in: tx)
    }

    /// Offices must exist and be open; the department must exist.
    private static func checkReferences(officeIDs: Set<Int64>, departmentID: Int64?, in tx: Transaction) async throws {
        var issues: [FieldIssue] = []
        for id in officeIDs.sorted() {
            let office = try await OrganizationUnitRepository.find(.office, id: id, in: tx)
            if office == nil || office?.archivedAt != nil { issues.append(FieldIssue("officeIds", "no open office with id \(id)")) }
        }
        if let departmentID, try await OrganizationUnitRepository.find(.department, id: departmentID, in: tx) == nil {
            issues.append(FieldIssue("departmentId", "no department with id \(departmentID)"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
    }
}
