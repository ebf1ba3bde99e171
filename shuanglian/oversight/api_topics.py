"""/api/v1/topics/: oversight topics (监督议题) with what each produced; staff create a topic and
record its materials (POST …/{id}/materials/) through the same services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.core import api_fields

from . import services_topics
from .inputs import ERRORS
from .models import MaterialKind, PlanItem, Topic, TopicMaterial
from .selectors_topics import access_topic, topic_list, with_counts


class MaterialSerializer(api_fields.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类别（中文）")
    kind = serializers.ChoiceField(choices=MaterialKind.choices, help_text="research / inspection / work_report / inquiry / other")
    received_on = api_fields.DateField(error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})

    class Meta:
        model = TopicMaterial
        fields = ["id", "kind", "kind_display", "title", "received_on", "content"]


class TopicSerializer(api_fields.ModelSerializer):
    plan_item = api_fields.PrimaryKeyRelatedField(queryset=PlanItem.objects.all(), required=False, allow_null=True,
                                                  help_text="来源监督事项编号（本区域）")
    opinions = api_fields.IntegerField(source="n_opinions", read_only=True, help_text="形成的审议意见数")
    campaigns = api_fields.IntegerField(source="n_campaigns", read_only=True, help_text="视察调研活动数")
    materials = api_fields.IntegerField(source="n_materials", read_only=True, help_text="材料数")

    class Meta:
        model = Topic
        fields = ["id", "region", "year", "title", "plan_item", "summary", "opinions", "campaigns", "materials",
                  "version"]
        read_only_fields = ["region", "version"]


@extend_schema_view(
    list=extend_schema(summary="监督议题（含形成的审议意见、视察调研、材料数）", tags=["oversight"]),
    retrieve=extend_schema(summary="一个监督议题", tags=["oversight"]),
)
class TopicViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Topic.objects.none()
    serializer_class = TopicSerializer

    def get_queryset(self):
        return with_counts(topic_list(self.request.user)).order_by("-year", "-id")

    def get_object(self):
        return self.get_queryset().get(pk=access_topic(self.request.user, self.kwargs["pk"]).pk)

    @extend_schema(summary="新建监督议题（工作人员）", tags=["oversight"], responses={201: TopicSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        ser = TopicSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        topic = services_topics.topic_create(actor=request.user, region=request.user.region, year=d["year"],
                                             title=d["title"], plan_item=d.get("plan_item"),
                                             summary=d.get("summary", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=topic.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记议题材料（工作人员）", tags=["oversight"], request=MaterialSerializer,
                   responses={201: MaterialSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def materials(self, request, pk=None):
        topic = access_topic(request.user, pk, write=True)
        ser = MaterialSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        material = services_topics.topic_material_add(actor=request.user, topic=topic, **ser.validated_data)
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("topics", TopicViewSet, basename="topic")
