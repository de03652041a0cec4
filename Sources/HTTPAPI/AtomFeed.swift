import Domain
import Foundation
import Services

/// An estate's public notice feed as Atom 1.0 (RFC 4287), for feed readers and residents' websites.
enum AtomFeed {
    static func render(_ feed: NoticeFeedService.PublicFeed) -> String {
        let updated = feed.notices.compactMap(\.publishedAt).max() ?? feed.generatedAt
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>urn:liaison:notice-feed:estate:\(feed.estate.id)</id>
            <title>\(escape(feed.estate.name))</title>
            <subtitle>\(escape(feed.officeName))</subtitle>
            <updated>\(timestamp(updated))</updated>
            <author><name>\(escape(feed.officeName))</name></author>

            """
        for notice in feed.notices {
            xml += """
                <entry>
                <id>urn:liaison:notice:\(notice.id)</id>
                <title>\(escape(notice.title))</title>
                <updated>\(timestamp(notice.publishedAt ?? feed.generatedAt))</updated>
                <category term="\(notice.kind.rawValue)"/>
                <content type="text">\(escape(notice.body))</content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
