import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

// Notices to customers and each estate's public feed of them (INF-4).
extension APIHandler {
    func listCustomerNotices(_ input: Operations.ListCustomerNotices.Input) async throws -> Operations.ListCustomerNotices.Output {
        let query = input.query
        let page = try await services.notices.list(
            officeID: query.officeId, estateID: query.estateId, status: try query.status.map(Self.wire), kind: try query.kind.map(Self.wire),
            current: query.current ?? false, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        let now = services.now()
        return .ok(.init(body: .json(.init(items: try page.items.map { try Self.schema($0, now: now) }, nextCursor: page.nextCursor))))
    }

    func draftCustomerNotice(_ input: Operations.DraftCustomerNotice.Input) async throws -> Operations.DraftCustomerNotice.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let notice = try await services.notices.draft(
            officeID: body.officeId,
            .init(estateID: body.estateId, kind: try Self.wire(body.kind), title: body.title, body: body.body, validFrom: body.validFrom,
                  validUntil: body.validUntil, surveyCampaignID: body.surveyCampaignId),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(notice.version)), body: .json(try Self.schema(notice, now: services.now()))))
    }

    func getCustomerNotice(_ input: Operations.GetCustomerNotice.Input) async throws -> Operations.GetCustomerNotice.Output {
        let notice = try await services.notices.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(notice.version)), body: .json(try Self.schema(notice, now: services.now()))))
    }

    func editCustomerNotice(_ input: Operations.EditCustomerNotice.Input) async throws -> Operations.EditCustomerNotice.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let notice = try await services.notices.edit(
            id: input.path.id,
            .init(estateID: body.estateId, kind: try Self.wire(body.kind), title: body.title, body: body.body, validFrom: body.validFrom,
                  validUntil: body.validUntil, surveyCampaignID: body.surveyCampaignId),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(notice.version)), body: .json(try Self.schema(notice, now: services.now()))))
    }

    func publishCustomerNotice(_ input: Operations.PublishCustomerNotice.Input) async throws -> Operations.PublishCustomerNotice.Output {
        let notice = try await services.notices.publish(
            id: input.path.id, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(notice.version)), body: .json(try Self.schema(notice, now: services.now()))))
    }

    func withdrawCustomerNotice(_ input: Operations.WithdrawCustomerNotice.Input) async throws -> Operations.WithdrawCustomerNotice.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let notice = try await services.notices.withdraw(
            id: input.path.id, reason: body.reason, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(notice.version)), body: .json(try Self.schema(notice, now: services.now()))))
    }

    func issueNoticeFeedKey(_ input: Operations.IssueNoticeFeedKey.Input) async throws -> Operations.IssueNoticeFeedKey.Output {
        let feed = try await services.noticeFeeds.issue(estateID: input.path.id, try await caller())
        let path = "/v1/public/notice-feeds/\(feed.key)"
        return .created(.init(body: .json(.init(
            estateId: feed.estateID, key: feed.key, jsonPath: path, atomPath: path + "/atom", issuedAt: feed.issuedAt))))
    }

    func revokeNoticeFeedKey(_ input: Operations.RevokeNoticeFeedKey.Input) async throws -> Operations.RevokeNoticeFeedKey.Output {
        try await services.noticeFeeds.revoke(estateID: input.path.id, try await caller())
        return .noContent(.init())
    }

    /// Public: the key is the credential; no `caller()`.
    func getPublicNoticeFeed(_ input: Operations.GetPublicNoticeFeed.Input) async throws -> Operations.GetPublicNoticeFeed.Output {
        let feed = try await services.noticeFeeds.publicFeed(key: input.path.feedKey)
        let notices = try feed.notices.map { notice in
            Components.Schemas.PublicNotice(
                id: notice.id, kind: try Self.wire(notice.kind), title: notice.title, body: notice.body, officeWide: notice.estateID == nil,
                validFrom: notice.validFrom, validUntil: notice.validUntil, publishedAt: notice.publishedAt ?? notice.validFrom)
        }
        return .ok(.init(
            headers: .init(cacheControl: Self.publicCacheControl),
            body: .json(.init(estate: feed.estate.name, office: feed.officeName, generatedAt: feed.generatedAt, notices: notices))))
    }

    /// Public: the key is the credential; no `caller()`.
    func getPublicNoticeAtomFeed(_ input: Operations.GetPublicNoticeAtomFeed.Input) async throws -> Operations.GetPublicNoticeAtomFeed.Output {
        let feed = try await services.noticeFeeds.publicFeed(key: input.path.feedKey)
        return .ok(.init(headers: .init(cacheControl: Self.publicCacheControl), body: .applicationAtomXml(HTTPBody(AtomFeed.render(feed)))))
    }

    static let publicCacheControl = "public, max-age=60"

    static func schema(_ notice: CustomerNotice, now: Date) throws -> Components.Schemas.CustomerNotice {
        .init(
            id: notice.id, officeId: notice.officeID, estateId: notice.estateID, kind: try wire(notice.kind), title: notice.title, body: notice.body,
            validFrom: notice.validFrom, validUntil: notice.validUntil, surveyCampaignId: notice.surveyCampaignID, status: try wire(notice.status), current: notice.isCurrent(at: now),
            createdBy: notice.createdBy, createdAt: notice.createdAt, publishedBy: notice.publishedBy, publishedAt: notice.publishedAt,
            withdrawnBy: notice.withdrawnBy, withdrawnAt: notice.withdrawnAt, withdrawalReason: notice.withdrawalReason, version: notice.version)
    }
}
