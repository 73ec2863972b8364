namespace MultusConfig.ApiServer.Tests;

public class ProjectBuilds
{
    [Fact]
    public void Test_project_loads() => Assert.Equal("MultusConfig.ApiServer.Tests", typeof(ProjectBuilds).Assembly.GetName().Name);
}
