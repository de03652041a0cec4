import Domain
import Foundation
import Persistence

/// The public notice feed of an estate (INF-4): its current notices, readable without a login at a URL
/// holding an unguessable key, so a residents' website or group can show them. The office manager issues
/// the key (shown once; only its SHA-256 is kept), issues a new one to replace a leaked key, or revokes it.
/// A key opens that estate's current notices and nothing else.
public struct NoticeFeedService: Sendable {
    private let database: Database
    private let runner: ServiceRunner
    private let policy: NoticePolicy
    private let now: @Sendable () -> Date

    public init(database: Database, policy: NoticePolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
        self.now = now
    }

    /// A freshly issued feed: the key is in no other answer, ever.
    public struct IssuedFeed: Sendable {
        public let estateID: Int64
        public let key: String
        public let issuedAt: Date
    }

    /// What the public sees: the estate, its office, and its current notices, newest first.
    public struct PublicFeed: Sendable {
        public let estate: Estate
        public let officeName: String
        public let notices: [CustomerNotice]
        public let generatedAt: Date
    }

    /// Issues the estate's feed key, replacing any earlier one (which stops working at once).
    public func issue(estateID: Int64, _ caller: Caller) async throws -> IssuedFeed {
        try await runner.perform(caller, .publishNotices) { work in
            let estate = try await Self.estate(estateID, work: work)
            guard estate.archivedAt == nil else { throw ServiceError.invalidState("the estate is archived") }
            let key = SecretToken.make()
            let before = try await NoticeFeedRepository.find(officeID: estate.officeID, estateID: estate.id, in: work.tx)
            let feed = try await NoticeFeedRepository.issue(
                officeID: estate.officeID, estateID: estate.id, keyDigest: SecretToken.digest(key), by: caller.actor.userID, at: work.now,
                in: work.tx)
            // The key itself is a secret: the audit row says only that one was issued, and when the previous one was.
            try await work.audit(AuditEntry(
                action: "notice_feed.issue", entityType: "notice_feed", entityID: String(estate.id), officeID: estate.officeID,
                changes: ["issued_at": .init(before: before?.issuedAt.auditText, after: feed.issuedAt.auditText)]))
            return IssuedFeed(estateID: estate.id, key: key, issuedAt: feed.issuedAt)
        }
    }

    /// Revokes the estate's feed key: its URL answers 404 from now on.
    public func revoke(estateID: Int64, _ caller: Caller) async throws {
        try await runner.perform(caller, .publishNotices) { work in
            let estate = try await Self.estate(estateID, work: work)
            guard let feed = try await NoticeFeedRepository.revoke(officeID: estate.officeID, estateID: estate.id, in: work.tx)
            else { throw ServiceError.notFound("estate \(estateID) has no notice feed") }
            try await work.audit(AuditEntry(
                action: "notice_feed.revoke", entityType: "notice_feed", entityID: String(estate.id), officeID: estate.officeID,
                changes: ["issued_at": .init(before: feed.issuedAt.auditText, after: nil)]))
        }
    }

    /// The feed a key opens, without a login. A malformed, unknown or revoked key, or an archived estate, is
    /// 404 alike. One read-only transaction: the key resolves first (no actor scope), then the transaction is
    /// narrowed to the key's office for row-level security, and only that estate's current notices are read.
    public func publicFeed(key: String) async throws -> PublicFeed {
        let missing = ServiceError.notFound("no notice feed at this address")
        guard SecretToken.isWellFormed(key) else { throw missing }
        let at = now()
        let feed: PublicFeed?
        do {
            feed = try await database.withTransaction(TransactionOptions(readOnly: true)) { tx -> PublicFeed? in
                guard let feed = try await NoticeFeedRepository.resolve(keyDigest: SecretToken.digest(key), in: tx) else { return nil }
                try await RowSecurity.narrow(toOffice: feed.officeID, in: tx)
                guard let estate = try await EstateRepository.find(estateID: feed.estateID, in: tx), estate.archivedAt == nil,
                      let office = try await OrganizationUnitRepository.find(.office, id: feed.officeID, in: tx)
                else { return nil }
                let notices = try await CustomerNoticeRepository.current(
                    officeID: feed.officeID, estateID: feed.estateID, at: at, limit: policy.feedLimit, in: tx)
                return PublicFeed(estate: estate, officeName: office.name, notices: notices, generatedAt: at)
            }
        } catch {
            throw ServiceError.translating(error)
        }
        guard let feed else { throw missing }
        return feed
    }

    /// The estate, if the caller covers its office.
    private static func estate(_ estateID: Int64, work: ServiceWork) async throws -> Estate {
        guard let estate = try await EstateRepository.find(estateID: estateID, in: work.tx), work.covers(office: estate.officeID)
        else { throw ServiceError.notFound("no estate with id \(estateID)") }
        return estate
    }
}
