/// The account and Region the simulated fleet lives in, for ARNs in reports (Use,
/// AMBIGUOUS: the simulator has no account; the values of the documentation's samples).
public enum SimulatedAccount {
    public static let region = "us-east-1"
    public static let accountId = "123456789012"
}
