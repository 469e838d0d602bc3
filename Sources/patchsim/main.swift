import PatchsimCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(Patchsim.main(Array(CommandLine.arguments.dropFirst())))
