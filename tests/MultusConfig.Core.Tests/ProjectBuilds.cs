namespace MultusConfig.Core.Tests;

public class ProjectBuilds
{
    [Fact]
    public void Test_project_loads() => Assert.Equal("MultusConfig.Core.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
