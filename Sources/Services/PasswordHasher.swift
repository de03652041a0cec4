import Crypto
import CryptoExtras
import Foundation
import NIOPosix

/// Hashes passwords with scrypt (memory-hard, from swift-crypto's CryptoExtras)
/// into a self-describing string: `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (base64).
///
/// The cost travels with each hash, so raising it later keeps old hashes
/// verifiable. Hashing is deliberately slow, so it runs on a NIO thread pool,
/// not on Swift concurrency's cooperative threads.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N. 15 (32 MiB with r = 8) is the default; tests use less.
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int
    private let threadPool: NIOThreadPool

    public init(logN: Int = 15, blockSize: Int = 8, parallelism: Int = 1, threadPool: NIOThreadPool = .singleton) {
        precondition((10...20).contains(logN), "scrypt cost out of range")
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (logN, blockSize, parallelism) = (self.logN, self.blockSize, self.parallelism)
        let key = try await threadPool.runIfActive {
            try Self.derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        }
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether the password matches; false (not an error) for a malformed hash.
    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        guard let parsed = Self.parse(encoded) else { return false }
        let derived = try await threadPool.runIfActive {
            try Self.derive(password, salt: parsed.salt, logN: parsed.logN, blockSize: parsed.blockSize, parallelism: parsed.parallelism)
        }
        return Self.constantTimeEquals(derived, parsed.key)
    }

    /// A hash of nothing in particular, to spend the same time on unknown usernames as on known ones.
    public func burnVerification(_ password: String) async throws {
        _ = try await verify(password, against: "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    }

    private static func derive(_ password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: 1 << logN, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }

    private static func parse(_ encoded: String) -> (logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8], key: Data)? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0] == "scrypt" else { return nil }
        var parameters: [String: Int] = [:]
        for pair in parts[1].split(separator: ",") {
            let keyValue = pair.split(separator: "=")
            guard keyValue.count == 2, let value = Int(keyValue[1]) else { return nil }
            parameters[String(keyValue[0])] = value
        }
        guard let logN = parameters["ln"], (10...20).contains(logN),
              let blockSize = parameters["r"], (1...32).contains(blockSize),
              let parallelism = parameters["p"], (1...16).contains(parallelism),
              let salt = Data(base64Encoded: String(parts[2])), let key = Data(base64Encoded: String(parts[3])), key.count == 32
        else { return nil }
        return (logN, blockSize, parallelism, Array(salt), key)
    }

    private static func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
