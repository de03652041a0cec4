import Domain
import Foundation
import Persistence

/// Notices to customers (INF-4, seed 002 4.1.1): an office tells its customers of outages, pest control,
/// parking cards, typhoons and events, for one estate or every estate of the office, valid for a window.
/// Drafted and edited by the office's customer service (or QUALITY for survey answers), published and
/// withdrawn by the office manager; a published notice is no longer edited: it is withdrawn and redrafted.
public struct CustomerNoticeService: Sendable {
    private let runner: ServiceRunner
    private let policy: NoticePolicy

    public init(database: Database, policy: NoticePolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// What a notice says, where and when: the draft's editable part.
    public struct Content: Sendable {
        public var estateID: Int64?
        public var kind: CustomerNotice.Kind
        public var title: String
        public var body: String
        public var validFrom: Date
        public var validUntil: Date
        /// For a survey answer (required then, refused otherwise): the campaign whose common issues it answers.
        public var surveyCampaignID: Int64?

        public init(
            estateID: Int64?, kind: CustomerNotice.Kind, title: String, body: String, validFrom: Date, validUntil: Date, surveyCampaignID: Int64? = nil
        ) {
            self.estateID = estateID
            self.kind = kind
            self.title = title
            self.body = body
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.surveyCampaignID = surveyCampaignID
        }
    }

    public func draft(officeID: Int64, _ content: Content, _ caller: Caller) async throws -> CustomerNotice {
        try await runner.perform(caller, .writeNotices) { work in
            var notice = CustomerNotice(
                id: 0, officeID: officeID, estateID: nil, kind: content.kind, title: "", body: "", validFrom: content.validFrom,
                validUntil: content.validUntil, createdBy: caller.actor.userID, createdAt: work.now)
            try await apply(content, to: &notice, work: work)
            notice = try await CustomerNoticeRepository.insert(notice, in: work.tx)
            try await work.audit(.created(notice))
            return notice
        }
    }

    /// Replaces a draft's content (If-Match); a published or withdrawn notice is 409.
    public func edit(id: Int64, _ content: Content, expectedVersion: Int?, _ caller: Caller) async throws -> CustomerNotice {
        try await change(id, verb: "update", action: .writeNotices, expectedVersion: expectedVersion, caller) { notice, work in
            guard notice.status == .draft else { throw ServiceError.invalidState("only a draft is edited; withdraw the notice and draft it anew") }
            try await apply(content, to: &notice, work: work)
        }
    }

    /// Draft → published: from now on it is current inside its window and reaches the estate's public feed.
    public func publish(id: Int64, expectedVersion: Int?, _ caller: Caller) async throws -> CustomerNotice {
        try await change(id, verb: "publish", action: .publishNotices, expectedVersion: expectedVersion, caller) { notice, work in
            guard notice.status == .draft else { throw ServiceError.invalidState("the notice is \(notice.status.rawValue), not a draft") }
            guard notice.validUntil > work.now else { throw ServiceError.invalidState("the notice's validity has already ended; edit validUntil") }
            notice.status = .published
            notice.publishedBy = caller.actor.userID
            notice.publishedAt = work.now
        }
    }

    /// Published → withdrawn, with the reason: it leaves the public feed at once.
    public func withdraw(id: Int64, reason: String, expectedVersion: Int?, _ caller: Caller) async throws -> CustomerNotice {
        try await change(id, verb: "withdraw", action: .publishNotices, expectedVersion: expectedVersion, caller) { notice, work in
            guard notice.status == .published else { throw ServiceError.invalidState("the notice is \(notice.status.rawValue), not published") }
            var issues: [FieldIssue] = []
            notice.withdrawalReason = InputRules.required(reason, field: "reason", limit: 500, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            notice.status = .withdrawn
            notice.withdrawnBy = caller.actor.userID
            notice.withdrawnAt = work.now
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> CustomerNotice {
        try await runner.perform(caller, .readNotices, readOnly: true) { work in try await Self.notice(id, work: work) }
    }

    /// `current`: only notices current now (published, inside their window).
    public func list(
        officeID: Int64?, estateID: Int64?, status: CustomerNotice.Status?, kind: CustomerNotice.Kind?, current: Bool, _ caller: Caller,
        page: PageRequest
    ) async throws -> Page<CustomerNotice> {
        try await runner.perform(caller, .readNotices, readOnly: true) { work in
            let filter = CustomerNoticeRepository.Filter(
                officeID: officeID, estateID: estateID, status: status, kind: kind, currentAt: current ? work.now : nil)
            return page.page(
                from: try await CustomerNoticeRepository.list(filter, afterID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }

    /// Checks `content` for the notice's office and copies it in (422 naming every bad field).
    private func apply(_ content: Content, to notice: inout CustomerNotice, work: ServiceWork) async throws {
        if let estateID = content.estateID {
            _ = try await work.activeEstate(estateID, ofOffice: notice.officeID)
        } else {
            try await work.checkActive(office: notice.officeID)
        }
        var issues: [FieldIssue] = []
        let title = InputRules.required(content.title, field: "title", limit: 200, issues: &issues)
        let body = InputRules.required(content.body, field: "body", limit: 8000, issues: &issues)
        if content.validUntil <= content.validFrom {
            issues.append(FieldIssue("validUntil", "must be after validFrom"))
        } else if content.validUntil.timeIntervalSince(content.validFrom) > Double(policy.maximumValidityDays) * 86_400 {
            issues.append(FieldIssue("validUntil", "must be at most \(policy.maximumValidityDays) days after validFrom"))
        } else if content.validUntil <= work.now {
            issues.append(FieldIssue("validUntil", "must be in the future"))
        }
        if content.kind == .surveyAnswer {
            if let campaignID = content.surveyCampaignID {
                // SRV-3: the answers of a campaign that asked this office's customers (its own, or the company's).
                let campaign = try await SurveyCampaignRepository.find(id: campaignID, in: work.tx)
                if campaign == nil || !(campaign?.officeID == nil || campaign?.officeID == notice.officeID) {
                    issues.append(FieldIssue("surveyCampaignId", "no survey campaign of this office or the company has this id"))
                }
            } else {
                issues.append(FieldIssue("surveyCampaignId", "a survey answer names the campaign whose issues it answers"))
            }
        } else if content.surveyCampaignID != nil {
            issues.append(FieldIssue("surveyCampaignId", "only a survey answer names a campaign"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        notice.estateID = content.estateID
        notice.surveyCampaignID = content.surveyCampaignID
        notice.kind = content.kind
        notice.title = title
        notice.body = body
        notice.validFrom = content.validFrom
        notice.validUntil = content.validUntil
    }

    /// One change of a notice under `action`, If-Match checked, saved and audited as `customer_notice.<verb>`.
    private func change(
        _ id: Int64, verb: String, action: Action, expectedVersion: Int?, _ caller: Caller,
        _ apply: (inout CustomerNotice, ServiceWork) async throws -> Void
    ) async throws -> CustomerNotice {
        try await runner.perform(caller, action) { work in
            let before = try await Self.notice(id, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            var notice = before
            try await apply(&notice, work)
            notice = try await CustomerNoticeRepository.update(notice, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: notice))
            return notice
        }
    }

    static func notice(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> CustomerNotice {
        guard let notice = try await CustomerNoticeRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: notice.officeID)
        else { throw ServiceError.notFound("no notice with id \(id)") }
        return notice
    }
}
