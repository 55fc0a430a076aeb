using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>Real PNG and JPEG logos (made with ImageSharp) and the logo routes called by their operation ids.</summary>
public static class LogoKit
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    /// <summary>The forms' public address the logo URL is made from (as <c>Forms__PublicBaseUrl</c> in Azure).</summary>
    public const string FormsBase = "https://func-mintfonds.example/api/forms/";

    public static void UseFormsBase(Dictionary<string, string?> settings) => settings["Forms:PublicBaseUrl"] = FormsBase;

    public static byte[] Png(int width = 240, int height = 60, byte red = 0x1A, byte green = 0x52, byte blue = 0x76)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(red, green, blue));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static byte[] Jpeg(int width = 300, int height = 90)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(0x7B, 0x24, 0x1C));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    public static Task<TestResponse> UploadAsync(TestApp app, string fundId, byte[] content, string contentType = "image/png", string? token = null) =>
        OperationDriver.InvokeAsync(
            app, Operation("UploadFundLogo"), new Dictionary<string, string> { ["fundId"] = fundId }, token: token ?? app.PlatformAdminToken, contentType: contentType, bytes: content);

    public static Task<TestResponse> RemoveAsync(TestApp app, string fundId, string? token = null) =>
        OperationDriver.InvokeAsync(app, Operation("RemoveFundLogo"), new Dictionary<string, string> { ["fundId"] = fundId }, token: token ?? app.PlatformAdminToken);

    public static Task<TestResponse> GetAsync(TestApp app, string fundId, string query = "", IDictionary<string, string>? headers = null) =>
        OperationDriver.InvokeAsync(app, Operation("GetFundLogo"), new Dictionary<string, string> { ["fundId"] = fundId }, query: query, headers: headers);

    public static Operation Operation(string id) => Document.Operations().Single(o => o.Id == id);
}
