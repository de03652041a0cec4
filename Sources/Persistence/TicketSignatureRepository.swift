import Domain
import Foundation

/// The owner's signature images at acceptance (`liaison.ticket_signature`, TKT-10).
public enum TicketSignatureRepository {
    public static func insert(
        of ticket: Ticket, round: Int, signer: String, mediaType: String, image: Data, at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.ticket_signature (office_id, ticket_id, round, signer_name, signed_at, media_type, image)
            VALUES (\(ticket.officeID), \(ticket.id), \(round), \(signer), \(now), \(mediaType), \(image))
            """)
    }

    /// The round's signature: its media type and bytes.
    public static func find(of ticket: Ticket, round: Int, in tx: Transaction) async throws -> (mediaType: String, image: Data)? {
        try await tx.query("""
            SELECT media_type, image FROM liaison.ticket_signature
            WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND round = \(round)
            """).first.map { (try $0.decode("media_type"), try $0.decode("image")) }
    }
}
