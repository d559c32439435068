using System.Runtime.CompilerServices;
using CallMetrics.Core.Contacts;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class PendingContactTests
{
    [Fact]
    public void A_pending_contact_takes_36_bytes_so_a_chunk_of_them_holds_no_padding()
    {
        // What FCR memory per pending contact is documented as: a field added here shows in this number.
        Unsafe.SizeOf<PendingContact>().Should().Be(36);
    }
}
